import { z } from 'zod';
import { channel, returns } from './channel.js';
import { EINVOICE_FORMATS, SUPPLIER_INVOICE_STATUSES } from './einvoice.js';
import type { EInvoiceFormat, ReceiveOutcome, SupplierInvoice, SupplierInvoiceSummary, ValidationReport } from './einvoice.js';

export * from './einvoice.js';

/**
 * E-invoice channels (issue 10). Files cross the boundary as base64; main
 * sniffs what they are from their bytes. Permissions are the existing ones:
 * receiving is importing receipts, confirming is confirming an expense,
 * issuing goes through invoices.issue.
 */
const id = z.string().min(1).max(64);
const base64 = z.string().max(20_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'Not base64 data.');
const fileName = z.string().trim().min(1, 'Name the file.').max(255);
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;

export interface CustomerEInvoice {
  readonly customerId: string;
  readonly format: EInvoiceFormat;
  readonly buyerReference: string;
  readonly electronicAddress: string;
  readonly legalId: string;
  readonly zeroRateCategory: (typeof VAT_CATEGORIES)[number];
}

export const EINVOICE_CONTRACT = {
  // Public like pdf.verify: checks any file against the official rules, reads nothing of a vault.
  'einvoice.validate': channel(z.object({ fileBase64: base64.min(1, 'Choose a file.'), fileName }).strict(), returns<ValidationReport>(), {
    access: 'public',
    audited: false,
  }),
  'einvoice.receive': channel(
    // An empty file is refused by main on its own, not with the whole batch.
    z.object({ files: z.array(z.object({ name: fileName, base64 }).strict()).min(1, 'Choose at least one file.').max(500) }).strict(),
    returns<ReceiveOutcome>(),
    { access: 'receipts.import', audited: true },
  ),
  'einvoice.list': channel(z.object({ status: z.enum(SUPPLIER_INVOICE_STATUSES).optional() }).strict(), returns<readonly SupplierInvoiceSummary[]>(), {
    access: 'invoices.read',
    audited: false,
  }),
  'einvoice.get': channel(z.object({ id }).strict(), returns<SupplierInvoice>(), { access: 'invoices.read', audited: false }),
  'einvoice.original': channel(z.object({ id }).strict(), returns<{ readonly base64: string; readonly fileName: string; readonly sha256: string }>(), {
    access: 'invoices.read',
    audited: true,
  }),
  /** The sealed, human-readable PDF rendition a pure XML invoice gets (issue 10 item 6). */
  'einvoice.rendition': channel(z.object({ id }).strict(), returns<{ readonly base64: string; readonly fileName: string }>(), {
    access: 'invoices.read',
    audited: true,
  }),
  'einvoice.confirm': channel(z.object({ id }).strict(), returns<SupplierInvoice>(), { access: 'expenses.confirm', audited: true }),
  'einvoice.delete': channel(z.object({ id }).strict(), returns<null>(), { access: 'receipts.delete', audited: true }),
  'einvoice.customerSettings': channel(z.object({ customerId: id }).strict(), returns<CustomerEInvoice>(), { access: 'customers.read', audited: false }),
  'einvoice.setCustomerSettings': channel(
    z
      .object({
        customerId: id,
        format: z.enum(EINVOICE_FORMATS).optional(),
        buyerReference: text(200).optional(),
        electronicAddress: text(200).optional(),
        legalId: text(100).optional(),
        zeroRateCategory: z.enum(VAT_CATEGORIES).optional(),
      })
      .strict(),
    returns<CustomerEInvoice>(),
    { access: 'customers.write', audited: true },
  ),
  'einvoice.issued': channel(
    z.object({ invoiceId: id }).strict(),
    returns<{ readonly format: EInvoiceFormat; readonly xmlBase64: string; readonly fileName: string; readonly report: ValidationReport }>(),
    { access: 'invoices.read', audited: true },
  ),
} as const;
