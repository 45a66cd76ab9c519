import type { Channel } from '../../../src-shared/contract.js';
import type { HandlerMap } from '../handlers.js';
import type { CallContext } from '../handlers.js';
import type { InvoicingContext } from '../../core/invoices/context.js';
import { invoicingContextFor } from '../../core/invoices/context.js';
import { requireVaultSession } from '../../core/people/app-vault.js';
import { customerSettings, issuedEInvoice, setCustomerSettings } from '../../core/einvoice/issue.js';
import {
  confirmSupplierInvoice,
  deleteSupplierInvoice,
  getSupplierInvoice,
  listSupplierInvoices,
  receiveMany,
  supplierOriginal,
  supplierRendition,
} from '../../core/einvoice/receive.js';
import { validateEInvoiceFile } from '../../core/einvoice/read.js';

type EInvoiceChannel = Extract<Channel, `einvoice.${string}`>;

function vault(ctx: CallContext): InvoicingContext {
  return invoicingContextFor(requireVaultSession(ctx.session), () => ctx.app.now());
}

const bytesOf = (base64: string): Buffer => Buffer.from(base64, 'base64');

/** Thin: each handler calls one e-invoice service, which writes its audit rows in its own transaction. */
export const einvoiceHandlers: HandlerMap<EInvoiceChannel> = {
  'einvoice.validate': (input) => validateEInvoiceFile(bytesOf(input.fileBase64), input.fileName),
  'einvoice.receive': (input, ctx) => receiveMany(vault(ctx), input.files.map((file) => ({ name: file.name, bytes: bytesOf(file.base64) }))),
  'einvoice.list': (input, ctx) => listSupplierInvoices(vault(ctx), input.status),
  'einvoice.get': (input, ctx) => getSupplierInvoice(vault(ctx), input.id),
  'einvoice.original': (input, ctx) => {
    const original = supplierOriginal(vault(ctx), input.id);
    return { base64: original.bytes.toString('base64'), fileName: original.fileName, sha256: original.sha256 };
  },
  'einvoice.rendition': (input, ctx) => {
    const rendition = supplierRendition(vault(ctx), input.id);
    return { base64: rendition.bytes.toString('base64'), fileName: rendition.fileName };
  },
  'einvoice.confirm': (input, ctx) => confirmSupplierInvoice(vault(ctx), input.id),
  'einvoice.delete': (input, ctx) => {
    deleteSupplierInvoice(vault(ctx), input.id);
    return null;
  },
  'einvoice.customerSettings': (input, ctx) => ({ customerId: input.customerId, ...customerSettings(vault(ctx), input.customerId) }),
  'einvoice.setCustomerSettings': (input, ctx) => {
    const { customerId, ...patch } = input;
    return { customerId, ...setCustomerSettings(vault(ctx), customerId, patch) };
  },
  'einvoice.issued': (input, ctx) => {
    const issued = issuedEInvoice(vault(ctx), input.invoiceId);
    const fileName = issued.format === 'facturx' ? 'factur-x.xml' : `xrechnung-${input.invoiceId}.xml`;
    return { format: issued.format, xmlBase64: issued.xml.toString('base64'), fileName, report: issued.report };
  },
};
