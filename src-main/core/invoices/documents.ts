import { randomUUID } from 'node:crypto';
import type { Invoice, InvoiceLineInput, InvoiceTotals, PaymentMethod } from '../../../src-shared/contract-invoicing.js';
import { DecimalFormatError, formatMoney, parseMoney } from '../../../src-shared/money.js';
import { postSource } from '../books/sources/index.js';
import { renderInvoicePdf } from '../pdf/invoice-layout.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { readLogo, readProfile } from './company.js';
import type { InvoicingContext } from './context.js';
import { nowIso, today } from './context.js';
import { getCustomer } from './customers.js';
import { addDays, isRealDate } from './dates.js';
import { creditedAllowances } from './credit-allowances.js';
import { buildDocument, markAsDraft } from './document.js';
import type { DocumentFacts } from './document.js';
import { IMMUTABLE_MESSAGE, writeAllowances, writeLines } from './drafts.js';
import { issueDocument } from './issuing.js';
import type { IssueAttachment } from './issuing.js';
import type { InvoiceRow } from './store.js';
import { getInvoice, parseParty, readAllowanceSpecs, readParsedLines, readRow } from './store.js';
import { computeTotals, formatTotals, parseExchangeRate, parseLines } from './totals.js';

/** Totals of a stored document, recomputed from its lines and allowances with today's company currency. */
function totalsOf(ctx: InvoicingContext, id: string, currency: string, exchangeRate: string | null) {
  const profile = readProfile(ctx);
  const lines = readParsedLines(ctx, id);
  const rate = parseExchangeRate(currency, { companyCurrency: profile.defaultCurrency, exchangeRate });
  return { lines, totals: computeTotals(lines, currency, rate, profile.defaultCurrency, readAllowanceSpecs(ctx, id)) };
}

/** BT-72, BG-14, BT-13 and BT-12 as stored on the row. */
function termsOf(row: InvoiceRow): Pick<DocumentFacts, 'delivery' | 'orderReference' | 'contractReference'> {
  return {
    delivery: { date: row.delivery_date, periodStart: row.period_start, periodEnd: row.period_end },
    orderReference: row.order_reference,
    contractReference: row.contract_reference,
  };
}

/** Unsealed, watermarked PDF of a draft (or of any invoice, for the editor's preview). */
export async function previewInvoice(ctx: InvoicingContext, id: string): Promise<Uint8Array> {
  const row = readRow(ctx, id);
  const profile = readProfile(ctx);
  const { lines, totals } = totalsOf(ctx, id, row.currency, row.exchange_rate);
  const issueDate = row.issue_date ?? today(ctx);
  const doc = await renderInvoicePdf(
    buildDocument({
      kind: row.kind,
      number: row.number ?? 'DRAFT',
      issueDate,
      dueDate: row.due_date ?? (row.kind === 'invoice' ? addDays(issueDate, profile.paymentTermsDays) : null),
      profile,
      logo: readLogo(ctx),
      customer: row.state === 'draft' ? snapshotOf(ctx, row.customer_id) : parseParty(row.customer),
      lines,
      totals,
      notes: row.notes,
      ...termsOf(row),
    }),
  );
  await markAsDraft(doc);
  return doc.save();
}

function snapshotOf(ctx: InvoicingContext, customerId: string) {
  const customer = getCustomer(ctx, customerId);
  return { name: customer.name, address: customer.address, vatId: customer.vatId };
}

export interface IssueResult {
  readonly id: string;
  readonly number: string;
  readonly sha256: string;
  readonly totals: InvoiceTotals;
}

/** Issue 10: makes the e-invoice of a document being issued (validated), or null for a plain PDF. */
export type EInvoiceHook = (input: { invoiceId: string; customerId: string; facts: DocumentFacts }) => Promise<IssueAttachment | null>;

/** Issues a draft: next gapless number, sealed PDF stored as a blob, row immutable from now on. */
export async function issueInvoice(ctx: InvoicingContext, id: string, eInvoice?: EInvoiceHook): Promise<IssueResult> {
  const start = readRow(ctx, id);
  const refuseIssued = (): void => {
    const row = readRow(ctx, id);
    if (row.state !== 'draft') throw new ConflictError(`This invoice is already issued as ${row.number ?? ''}. ${IMMUTABLE_MESSAGE}`);
  };
  refuseIssued();
  const profile = readProfile(ctx);
  const issueDate = start.issue_date ?? today(ctx);
  const dueDate = start.due_date ?? addDays(issueDate, profile.paymentTermsDays);
  const customer = snapshotOf(ctx, start.customer_id);
  const { lines, totals } = totalsOf(ctx, id, start.currency, start.exchange_rate);
  const formatted = formatTotals(totals);
  const factsFor = (number: string, current: DocumentFacts['profile']): DocumentFacts =>
    ({ kind: 'invoice', number, issueDate, dueDate, profile: current, logo: readLogo(ctx), customer, lines, totals, notes: start.notes, ...termsOf(start) });
  const issued = await issueDocument(ctx, {
    kind: 'invoice',
    issueDate,
    check: refuseIssued,
    build: (number, current) => buildDocument(factsFor(number, current)),
    ...(eInvoice ? { eInvoice: (number, current) => eInvoice({ invoiceId: id, customerId: start.customer_id, facts: factsFor(number, current) }) } : {}),
    commit: ({ number, blobId, sha256, profile: current }) => {
      const row = readRow(ctx, id);
      if (row.state !== 'draft') throw new ConflictError(`This invoice was issued meanwhile as ${row.number ?? ''}.`);
      if (row.updated_at !== start.updated_at) throw new ConflictError('The draft changed while it was being issued. Check it and issue it again.');
      ctx.db
        .prepare(
          `UPDATE invoices SET state = 'issued', number = ?, customer = ?, seller = ?, issue_date = ?, due_date = ?,
             net = ?, vat = ?, gross = ?, totals = ?, pdf_blob_id = ?, sha256 = ?, issued_at = ?, issued_by = ?, updated_at = ?
           WHERE id = ? AND state = 'draft'`,
        )
        .run(number, JSON.stringify(customer), JSON.stringify(current), issueDate, dueDate,
          totals.net, totals.vat, totals.gross, JSON.stringify(formatted), blobId, sha256, nowIso(ctx), ctx.actor, nowIso(ctx), id);
      ctx.audit({ action: 'invoices.issue', subject: `invoice:${id}`, details: { number, sha256, gross: formatted.gross, currency: start.currency } });
      // Into the books in the same transaction (a no-op while the books are off).
      postSource(ctx, 'invoice', id);
    },
  });
  return { id, number: issued.number, sha256: issued.sha256, totals: formatted };
}

/**
 * A credit note corrects an issued invoice (the invoice itself never
 * changes). Full by default; partial with the given lines. It cannot credit
 * more than is left uncredited.
 */
export async function creditInvoice(
  ctx: InvoicingContext,
  id: string,
  options: { reason?: string | undefined; lines?: readonly InvoiceLineInput[] | undefined },
  eInvoice?: EInvoiceHook,
): Promise<Invoice> {
  const original = readRow(ctx, id);
  if (original.kind !== 'invoice' || original.state !== 'issued' || original.number === null || original.issue_date === null) {
    throw new ConflictError('Only an issued invoice can be credited. A draft can simply be edited or deleted.');
  }
  const { lines, totals } = options.lines
    ? (() => {
        const parsed = parseLines(options.lines, original.currency);
        const profile = readProfile(ctx);
        const rate = parseExchangeRate(original.currency, { companyCurrency: profile.defaultCurrency, exchangeRate: original.exchange_rate });
        // The credited lines take their share of the invoice's document allowances and charges.
        const { lineNets } = computeTotals(parsed, original.currency, rate, profile.defaultCurrency);
        const allowances = creditedAllowances(ctx, id, parsed, lineNets);
        return { lines: parsed, totals: computeTotals(parsed, original.currency, rate, profile.defaultCurrency, allowances) };
      })()
    : totalsOf(ctx, id, original.currency, original.exchange_rate);
  const creditable = (): bigint => {
    const { credited } = ctx.db
      .prepare("SELECT COALESCE(SUM(gross), 0) AS credited FROM invoices WHERE credited_id = ? AND state = 'issued'")
      .get(id) as { credited: number };
    return BigInt(original.gross) - BigInt(credited);
  };
  const checkAmount = (): void => {
    const left = creditable();
    if (totals.gross > left) {
      const message = `This credit note (${formatMoney(totals.gross, original.currency)}) exceeds what is left to credit on ${original.number ?? ''} (${formatMoney(left, original.currency)}).`;
      throw new ValidationError(message, { lines: message });
    }
    if (totals.gross <= 0n) throw new ValidationError('A credit note must credit an amount above zero.', { lines: 'Amount is zero.' });
  };
  checkAmount();
  const newId = randomUUID();
  const issueDate = today(ctx);
  const customer = parseParty(original.customer);
  const reason = options.reason?.trim() ?? '';
  const notes = [`Credit note for invoice ${original.number} of ${original.issue_date}.`, reason].filter((part) => part !== '').join(' ');
  const formatted = formatTotals(totals);
  const factsFor = (number: string, profile: DocumentFacts['profile']): DocumentFacts => ({
    kind: 'credit_note', number, issueDate, dueDate: null, profile, logo: readLogo(ctx), customer, lines, totals, notes,
    delivery: { date: null, periodStart: null, periodEnd: null },
    orderReference: original.order_reference,
    contractReference: original.contract_reference,
    preceding: { number: original.number ?? '', issueDate: original.issue_date ?? '' },
  });
  await issueDocument(ctx, {
    kind: 'credit_note',
    issueDate,
    check: checkAmount,
    build: (number, profile) => buildDocument(factsFor(number, profile)),
    ...(eInvoice ? { eInvoice: (number, profile) => eInvoice({ invoiceId: newId, customerId: original.customer_id, facts: factsFor(number, profile) }) } : {}),
    commit: ({ number, blobId, sha256, profile }) => {
      checkAmount();
      const at = nowIso(ctx);
      // Inserted as a draft first: the lines can only be written while the row is not yet issued.
      ctx.db
        .prepare(
          `INSERT INTO invoices (id, kind, state, customer_id, customer, currency, exchange_rate, issue_date, notes,
             order_reference, contract_reference, net, vat, gross, totals, credited_id, credit_reason, created_at, updated_at)
           VALUES (?, 'credit_note', 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(newId, original.customer_id, original.customer, original.currency, original.exchange_rate, issueDate, notes,
          original.order_reference, original.contract_reference, totals.net, totals.vat, totals.gross, JSON.stringify(formatted), id, reason, at, at);
      writeLines(ctx, newId, lines, totals.lineNets);
      // A full credit note credits all document allowances and charges (its total is the invoice's), a partial one their share.
      writeAllowances(ctx, newId, totals.allowances);
      ctx.db
        .prepare(`UPDATE invoices SET state = 'issued', number = ?, seller = ?, pdf_blob_id = ?, sha256 = ?, issued_at = ?, issued_by = ? WHERE id = ?`)
        .run(number, JSON.stringify(profile), blobId, sha256, at, ctx.actor, newId);
      ctx.audit({
        action: 'invoices.credit',
        subject: `invoice:${newId}`,
        details: { number, sha256, credits: original.number, gross: formatted.gross, currency: original.currency },
      });
      postSource(ctx, 'credit_note', newId);
    },
  });
  return getInvoice(ctx, newId);
}

/** The sealed bytes of an issued document; opening one is audited (DESIGN §4). */
export function sealedPdf(ctx: InvoicingContext, id: string): { bytes: Uint8Array; fileName: string; sha256: string } {
  const row = readRow(ctx, id);
  if (row.state !== 'issued' || row.pdf_blob_id === null || row.sha256 === null || row.number === null) {
    throw new NotFoundError('This invoice is a draft and has no sealed PDF yet. Use the preview, or issue it.');
  }
  const bytes = ctx.blobs.get(row.pdf_blob_id);
  const prefix = row.kind === 'invoice' ? 'Invoice' : 'Credit-note';
  const fileName = `${prefix}-${row.number.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;
  ctx.transaction(() => {
    ctx.audit({ action: 'document.open', subject: `invoice:${id}`, details: { number: row.number, sha256: row.sha256 } });
  });
  return { bytes, fileName, sha256: row.sha256 };
}

export interface PaymentInput {
  readonly amount: string;
  readonly date: string;
  readonly method: PaymentMethod;
  readonly reference?: string | undefined;
}

/** Partial or full payment of an issued invoice; never more than the open balance. */
export function recordPayment(ctx: InvoicingContext, id: string, input: PaymentInput): Invoice {
  ctx.transaction(() => {
    const row = readRow(ctx, id);
    if (row.kind !== 'invoice' || row.state !== 'issued') {
      throw new ConflictError('Payments can only be recorded on issued invoices. Issue the draft first.');
    }
    let amount: bigint;
    try {
      amount = parseMoney(input.amount, row.currency, { label: 'Amount' });
    } catch (error) {
      if (error instanceof DecimalFormatError) throw new ValidationError(error.message, { amount: error.message });
      throw error;
    }
    if (!isRealDate(input.date)) throw new ValidationError(`'${input.date}' is not a calendar date.`, { date: 'Not a calendar date.' });
    const balance = BigInt(row.balance);
    if (amount <= 0n) throw new ValidationError('Enter an amount above zero.', { amount: 'Above zero.' });
    if (amount > balance) {
      const message = `The payment (${formatMoney(amount, row.currency)}) is more than the open balance (${formatMoney(balance, row.currency)}).`;
      throw new ValidationError(message, { amount: message });
    }
    const paymentId = randomUUID();
    ctx.db
      .prepare('INSERT INTO invoice_payments (id, invoice_id, amount, date, method, reference, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(paymentId, id, amount, input.date, input.method, input.reference?.trim() ?? '', nowIso(ctx), ctx.actor);
    ctx.audit({
      action: 'invoices.pay',
      subject: `invoice:${id}`,
      details: { number: row.number, amount: formatMoney(amount, row.currency), currency: row.currency, date: input.date, method: input.method },
    });
    postSource(ctx, 'payment', paymentId);
  });
  return getInvoice(ctx, id);
}
