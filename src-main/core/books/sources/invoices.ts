import { parseParty, readAllowanceSpecs, readParsedLines, readRow } from '../../invoices/store.js';
import type { InvoiceRow } from '../../invoices/store.js';
import { computeTotals } from '../../invoices/totals.js';
import type { BooksContext, BooksSettings } from '../context.js';
import { accountForRole } from '../context.js';
import type { PostingProposal, ProposedLine, VatRecord } from '../ledger.js';
import type { PostingSource } from './registry.js';
import type { VatGroupAmounts } from './vat-lines.js';
import { converterFor, defersVat, outputCodeFor, salesLines, share } from './vat-lines.js';

/**
 * Sales documents from invoicing: an issued invoice posts receivable /
 * revenue / output VAT per rate; a credit note the same, reversed, against
 * the credited invoice's open item; a payment posts bank (or cash) /
 * receivable, and under the cash basis moves the share of VAT it settles from
 * "not yet due" to due. Amounts in another currency are converted at the rate
 * stated on the invoice (no exchange differences are posted).
 */
function groupsOf(ctx: BooksContext, row: InvoiceRow, settings: BooksSettings): VatGroupAmounts[] {
  const totals = computeTotals(readParsedLines(ctx, row.id), row.currency, null, row.currency, readAllowanceSpecs(ctx, row.id));
  const toBook = converterFor(row.currency, row.exchange_rate, settings, `${row.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${row.number ?? ''}`);
  return totals.groups.map((group) => ({ rate: group.rate, exemptionReason: group.exemptionReason, taxable: toBook(group.taxable), vat: toBook(group.vat) }));
}

const partyOf = (row: InvoiceRow): string => parseParty(row.customer).name;
const sumOf = (groups: readonly VatGroupAmounts[]): bigint => groups.reduce((total, g) => total + g.taxable + g.vat, 0n);

export const invoiceSource: PostingSource = {
  type: 'invoice',
  propose(ctx, id, settings): PostingProposal | null {
    const row = readRow(ctx, id);
    if (row.kind !== 'invoice' || row.state !== 'issued' || row.number === null || row.issue_date === null) return null;
    const groups = groupsOf(ctx, row, settings);
    const text = `Invoice ${row.number} ${partyOf(row)}`;
    const sales = salesLines(ctx, settings, groups, 1n, text);
    const receivable: ProposedLine = {
      account: accountForRole(ctx, 'receivable'), amount: sumOf(groups), text, openItem: `invoice:${id}`, dueDate: row.due_date, party: partyOf(row),
    };
    return { date: row.issue_date, text, voucher: { type: 'invoice', id, number: row.number }, lines: [receivable, ...sales.lines], vat: sales.vat };
  },
  finalIds: (ctx) =>
    (ctx.db.prepare("SELECT id, issue_date AS date, rowid AS ord FROM invoices WHERE kind = 'invoice' AND state = 'issued'").all() as { id: string; date: string; ord: number }[]).map(
      (r) => ({ id: r.id, date: r.date, order: r.ord }),
    ),
};

export const creditNoteSource: PostingSource = {
  type: 'credit_note',
  propose(ctx, id, settings): PostingProposal | null {
    const row = readRow(ctx, id);
    if (row.kind !== 'credit_note' || row.state !== 'issued' || row.number === null || row.issue_date === null || row.credited_id === null) return null;
    const groups = groupsOf(ctx, row, settings);
    const original = readRow(ctx, row.credited_id);
    const text = `Credit note ${row.number} for ${original.number ?? ''} ${partyOf(row)}`;
    const sales = salesLines(ctx, settings, groups, -1n, text);
    const receivable: ProposedLine = {
      account: accountForRole(ctx, 'receivable'), amount: -sumOf(groups), text, openItem: `invoice:${row.credited_id}`, dueDate: original.due_date, party: partyOf(row),
    };
    return { date: row.issue_date, text, voucher: { type: 'credit_note', id, number: row.number }, lines: [receivable, ...sales.lines], vat: sales.vat };
  },
  finalIds: (ctx) =>
    (ctx.db.prepare("SELECT id, issue_date AS date, rowid AS ord FROM invoices WHERE kind = 'credit_note' AND state = 'issued'").all() as { id: string; date: string; ord: number }[]).map(
      (r) => ({ id: r.id, date: r.date, order: 1_000_000_000 + r.ord }),
    ),
};

interface PaymentRow {
  id: string;
  invoice_id: string;
  amount: number;
  date: string;
  method: string;
  reference: string;
  ord: number;
}

export const paymentSource: PostingSource = {
  type: 'payment',
  propose(ctx, id, settings): PostingProposal | null {
    const payment = ctx.db.prepare('SELECT id, invoice_id, amount, date, method, reference, rowid AS ord FROM invoice_payments WHERE id = ?').get(id) as PaymentRow | undefined;
    if (!payment) return null;
    const invoice = readRow(ctx, payment.invoice_id);
    const toBook = converterFor(invoice.currency, invoice.exchange_rate, settings, `Invoice ${invoice.number ?? ''}`);
    const amount = BigInt(payment.amount);
    const party = partyOf(invoice);
    const text = `Payment ${invoice.number ?? ''} ${party}${payment.reference === '' ? '' : ` ${payment.reference}`}`.slice(0, 500);
    const lines: ProposedLine[] = [
      { account: accountForRole(ctx, payment.method === 'cash' ? 'cash' : 'bank'), amount: toBook(amount), text },
      { account: accountForRole(ctx, 'receivable'), amount: -toBook(amount), text, openItem: `invoice:${invoice.id}`, dueDate: invoice.due_date, party },
    ];
    const vat: VatRecord[] = [];
    if (settings.basis === 'cash') settleDeferredVat(ctx, settings, invoice, payment, lines, vat, text);
    return { date: payment.date, text, voucher: { type: 'payment', id, number: `${invoice.number ?? ''}${payment.reference === '' ? '' : ` / ${payment.reference}`}`.slice(0, 36) }, lines, vat };
  },
  finalIds: (ctx) =>
    (ctx.db.prepare('SELECT id, date, rowid AS ord FROM invoice_payments').all() as { id: string; date: string; ord: number }[]).map((r) => ({ id: r.id, date: r.date, order: 2_000_000_000 + r.ord })),
};

/**
 * Ist-Versteuerung / TVA sur les encaissements: a payment makes due the share
 * of each category's VAT it pays. Shares are taken on the cumulative amount
 * paid, so the last payment settles exactly what is left (no rounding drift).
 */
function settleDeferredVat(
  ctx: BooksContext, settings: BooksSettings, invoice: InvoiceRow, payment: PaymentRow, lines: ProposedLine[], vat: VatRecord[], text: string,
): void {
  const { before } = ctx.db.prepare('SELECT COALESCE(SUM(amount), 0) AS before FROM invoice_payments WHERE invoice_id = ? AND rowid < ?').get(invoice.id, payment.ord) as { before: number };
  const gross = BigInt(invoice.gross);
  const paidBefore = BigInt(before);
  const paidAfter = paidBefore + BigInt(payment.amount);
  for (const group of groupsOf(ctx, invoice, settings)) {
    const code = outputCodeFor(ctx, group.rate, group.exemptionReason);
    if (!code || !defersVat(settings, code) || code.pending_account === null || code.tax_account === null) continue;
    const tax = share(group.vat, paidAfter, gross) - share(group.vat, paidBefore, gross);
    const base = share(group.taxable, paidAfter, gross) - share(group.taxable, paidBefore, gross);
    lines.push({ account: code.pending_account, amount: tax, vatCode: code.code, text }, { account: code.tax_account, amount: -tax, vatCode: code.code, text });
    vat.push({ code: code.code, base, tax });
  }
}
