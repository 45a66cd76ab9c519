import type { Channel } from '../../../src-shared/contract.js';
import { roleAllows } from '../../../src-shared/roles.js';
import { ForbiddenError } from '../../core/errors.js';
import { getCompany, updateCompany } from '../../core/invoices/company.js';
import type { InvoicingContext } from '../../core/invoices/context.js';
import { invoicingContextFor } from '../../core/invoices/context.js';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from '../../core/invoices/customers.js';
import { creditInvoice, issueInvoice, previewInvoice, recordPayment, sealedPdf } from '../../core/invoices/documents.js';
import { createDraft, deleteDraft, draftTotals, updateDraft } from '../../core/invoices/drafts.js';
import { createTemplate, getTemplate, listTemplates, runDueRecurring, updateTemplate } from '../../core/invoices/recurring.js';
import { createSeal, exportRoot, importSeal, sealStatus, verifyPdf } from '../../core/invoices/seal.js';
import { getInvoice, listInvoices } from '../../core/invoices/store.js';
import { eInvoiceHook } from '../../core/einvoice/issue.js';
import type { ProducedFormat } from '../../core/einvoice/issue.js';
import { requireVaultSession } from '../../core/people/app-vault.js';
import { Session } from '../../core/people/session.js';
import type { CallContext, HandlerMap } from '../handlers.js';

type InvoicingChannel = Extract<Channel, `${'company' | 'seal' | 'customers' | 'invoices' | 'recurring' | 'pdf'}.${string}`>;

function vault(ctx: CallContext): InvoicingContext {
  return invoicingContextFor(requireVaultSession(ctx.session), () => ctx.app.now());
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** A template that issues by itself issues in its creator's name: only roles that may issue can set that. */
function requireIssueRightFor(mode: 'draft' | 'issue' | undefined, ctx: CallContext): void {
  const role = ctx.session?.role;
  if (mode === 'issue' && role !== undefined && !roleAllows(role, 'invoices.issue')) {
    throw new ForbiddenError(`Your role (${role}) may prepare drafts but not issue invoices; set the template to create drafts.`);
  }
}

/** Thin: each handler calls one invoicing service, which writes its audit row in its own transaction. */
export const invoicingHandlers: HandlerMap<InvoicingChannel> = {
  'company.get': (_input, ctx) => getCompany(vault(ctx)),
  'company.update': (input, ctx) => updateCompany(vault(ctx), input),

  'seal.status': (_input, ctx) => sealStatus(vault(ctx)),
  'seal.create': (input, ctx) => createSeal(vault(ctx), input.keyType === 'rsa-3072' ? 'RSA' : 'EC'),
  'seal.import': (input, ctx) => importSeal(vault(ctx), Buffer.from(input.p12Base64, 'base64'), input.password),
  'seal.exportRoot': (_input, ctx) => exportRoot(vault(ctx)),

  'customers.list': (input, ctx) => listCustomers(vault(ctx), input.search, input.limit),
  'customers.get': (input, ctx) => getCustomer(vault(ctx), input.id),
  'customers.create': (input, ctx) => createCustomer(vault(ctx), input),
  'customers.update': (input, ctx) => {
    const { id, ...patch } = input;
    return updateCustomer(vault(ctx), id, patch);
  },

  'invoices.list': (input, ctx) => listInvoices(vault(ctx), input.filter, input.offset, input.limit),
  'invoices.get': (input, ctx) => getInvoice(vault(ctx), input.id),
  'invoices.createDraft': (input, ctx) => createDraft(vault(ctx), input),
  'invoices.computeTotals': (input, ctx) => draftTotals(vault(ctx), input),
  'invoices.updateDraft': (input, ctx) => {
    const { id, ...draft } = input;
    return updateDraft(vault(ctx), id, draft);
  },
  'invoices.deleteDraft': (input, ctx) => {
    deleteDraft(vault(ctx), input.id);
    return null;
  },
  'invoices.preview': async (input, ctx) => ({ pdfBase64: b64(await previewInvoice(vault(ctx), input.id)) }),
  'invoices.issue': async (input, ctx) => {
    const open = vault(ctx);
    let produced: ProducedFormat = { format: 'pdf', notice: null };
    const issued = await issueInvoice(open, input.id, eInvoiceHook(open, input.format, (outcome) => (produced = outcome)));
    return { ...issued, ...produced };
  },
  'invoices.pdf': (input, ctx) => {
    const { bytes, fileName, sha256 } = sealedPdf(vault(ctx), input.id);
    return { pdfBase64: b64(bytes), fileName, sha256 };
  },
  'invoices.credit': (input, ctx) => {
    const open = vault(ctx);
    return creditInvoice(open, input.id, { reason: input.reason, lines: input.lines }, eInvoiceHook(open, input.format));
  },
  'invoices.pay': (input, ctx) => {
    const { id, ...payment } = input;
    return recordPayment(vault(ctx), id, payment);
  },

  'recurring.list': (_input, ctx) => listTemplates(vault(ctx)),
  'recurring.create': (input, ctx) => {
    requireIssueRightFor(input.mode, ctx);
    return createTemplate(vault(ctx), input);
  },
  'recurring.update': (input, ctx) => {
    // Editing a template that issues by itself is issuing too, even if the mode is not in the patch.
    requireIssueRightFor(input.mode ?? getTemplate(vault(ctx), input.id).mode, ctx);
    const { id, ...patch } = input;
    return updateTemplate(vault(ctx), id, patch);
  },
  'recurring.runDue': (_input, ctx) => {
    const open = vault(ctx);
    return runDueRecurring(open, eInvoiceHook(open));
  },

  // Public: anyone may check a PDF; "this vault?" only when one is unlocked.
  'pdf.verify': (input, ctx) => {
    const open = ctx.session instanceof Session && !ctx.session.isEnded ? vault(ctx) : null;
    return verifyPdf(Buffer.from(input.pdfBase64, 'base64'), open);
  },
};
