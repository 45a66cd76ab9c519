import type { InvoiceSummary } from '../../../../src-shared/contract-invoicing.js';
import { parseMoney } from '../../../../src-shared/money.js';
import { reverseSource } from '../../books/sources/index.js';
import { ConflictError } from '../../errors.js';
import { recordPayment } from '../../invoices/documents.js';
import { getInvoice, listInvoices } from '../../invoices/store.js';
import { money } from '../amounts.js';
import type { BankContext } from '../context.js';
import { nowIso } from '../context.js';
import { normaliseText } from '../parsers/values.js';
import type { TransactionRow } from '../transactions.js';
import type { AcceptedMatch, MatchCandidate, MatchSource, StoredMatch } from './source.js';

const OPEN_STATUSES = ['issued', 'partially_paid', 'overdue'] as const;

function openInvoices(ctx: BankContext, currency: string): InvoiceSummary[] {
  return OPEN_STATUSES.flatMap((status) => listInvoices(ctx, { status, kind: 'invoice' }, 0, 1000).rows).filter((i) => i.currency === currency);
}

/** "2026-0042" appears in "RE 2026-0042 DANKE" or "RE2026 0042"; digits alone must be long enough not to be a coincidence. */
function mentionsNumber(haystack: string, number: string): boolean {
  const compact = haystack.replace(/[\s/-]+/g, '');
  const wanted = number.toLowerCase().replace(/[\s/-]+/g, '');
  return wanted.length >= 4 && compact.includes(wanted);
}

function mentionsName(haystack: string, name: string): boolean {
  const words = normaliseText(name).split(' ').filter((w) => w.length >= 3 && !/^(gmbh|sarl|sas|ltd|inc|llc|kg|ag|und|the|and|co)$/.test(w));
  return words.length > 0 && words.some((w) => haystack.includes(w));
}

function score(line: TransactionRow, invoice: InvoiceSummary): MatchCandidate | null {
  const amount = BigInt(line.amount);
  const balance = parseMoney(invoice.balance, invoice.currency, { label: 'balance' });
  if (amount <= 0n || balance <= 0n) return null;
  const haystack = normaliseText(`${line.payee} ${line.text} ${line.reference}`);
  const reasons: string[] = [];
  let points = 0;
  if (amount === balance) {
    points += 50;
    reasons.push(`amount ${money(amount, invoice.currency)} equals the open balance`);
  } else if (amount < balance) {
    points += 15;
    reasons.push(`partial payment: ${money(amount, invoice.currency)} of ${invoice.balance} open`);
  } else {
    return null;
  }
  if (invoice.number !== null && mentionsNumber(haystack, invoice.number)) {
    points += 40;
    reasons.push(`invoice number ${invoice.number} in the reference`);
  }
  if (mentionsName(haystack, invoice.customerName)) {
    points += 20;
    reasons.push(`customer name ${invoice.customerName} in the text`);
  }
  if (invoice.issueDate !== null && line.booking_date < invoice.issueDate) return null;
  // An amount alone is weak evidence: show it only for an exact amount.
  if (points < 50 && reasons.length < 2) return null;
  return {
    kind: 'invoice',
    targetId: invoice.id,
    label: `Invoice ${invoice.number ?? ''} — ${invoice.customerName}`,
    score: Math.min(100, points),
    reasons,
    amount,
  };
}

/** Bank line <-> issued invoice; accepting records the payment through the invoicing service. */
export const invoiceSource: MatchSource = {
  kind: 'invoice',
  candidates(ctx, line) {
    return openInvoices(ctx, line.currency)
      .map((invoice) => score(line, invoice))
      .filter((c): c is MatchCandidate => c !== null);
  },
  accept(ctx, line, targetId): AcceptedMatch {
    const before = new Set(getInvoice(ctx, targetId).payments.map((p) => p.id));
    const invoice = recordPayment(ctx, targetId, {
      amount: money(line.amount, line.currency),
      date: line.booking_date,
      method: 'bank_transfer',
      reference: [line.payee, line.reference || line.text].filter((t) => t !== '').join(' / ').slice(0, 200),
    });
    const payment = invoice.payments.find((p) => !before.has(p.id));
    if (!payment) throw new ConflictError('The payment could not be recorded; nothing was matched.');
    return { label: `Invoice ${invoice.number ?? ''} — ${invoice.customerName}`, amount: BigInt(line.amount), recordId: payment.id };
  },
  undo(ctx, match: StoredMatch) {
    if (match.recordId === null) return;
    // Only the payment this match recorded goes; other payments of the invoice stay.
    const row = ctx.db.prepare('SELECT invoice_id, amount, date FROM invoice_payments WHERE id = ?').get(match.recordId) as
      | { invoice_id: string; amount: number; date: string }
      | undefined;
    if (!row) return;
    // The books keep the payment's entry (posted entries are immutable): counter-book it in the same transaction.
    reverseSource(ctx, 'payment', match.recordId, `Bank match undone: payment ${match.recordId} removed`);
    ctx.db.prepare('DELETE FROM invoice_payments WHERE id = ?').run(match.recordId);
    ctx.audit({ action: 'invoices.payment.undo', subject: `invoice:${row.invoice_id}`, details: { paymentId: match.recordId, date: row.date, by: 'bank.match.undo', at: nowIso(ctx) } });
  },
};
