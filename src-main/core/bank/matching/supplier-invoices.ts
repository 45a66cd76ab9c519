import { parseMoney } from '../../../../src-shared/money.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { money } from '../amounts.js';
import type { BankContext } from '../context.js';
import type { TransactionRow } from '../transactions.js';
import { daysBetween, shiftDays } from './dates.js';
import { nameTokens } from './expenses.js';
import { postsPurchasePayment } from './payment-entry.js';
import type { AcceptedMatch, MatchCandidate, MatchSource } from './source.js';

/** A payment may leave a little before the invoice date (prepayment) and is often late: the window around issue and due date. */
const DAYS_BEFORE_ISSUE = 3;
const DAYS_AFTER_DUE = 45;

interface SupplierInvoiceRow {
  readonly id: string;
  readonly number: string;
  readonly type_code: string;
  readonly issue_date: string;
  readonly due_date: string | null;
  readonly currency: string;
  readonly seller_name: string;
  /** BT-115 as the decimal string the store keeps. */
  readonly due: string;
}

const SELECT = `SELECT id, number, type_code, issue_date, due_date, currency, seller_name, json_extract(data, '$.totals.due') AS due FROM supplier_invoices`;

/** A credit note (381) is refunded: the bank line is a credit. */
const isCreditNote = (row: SupplierInvoiceRow): boolean => row.type_code === '381';

function dueMinor(row: SupplierInvoiceRow): bigint {
  return parseMoney(row.due, row.currency, { label: 'Amount due', allowNegative: true });
}

/** What the bank line must carry, signed as the bank books it. */
function expectedAmount(row: SupplierInvoiceRow): bigint {
  return isCreditNote(row) ? dueMinor(row) : -dueMinor(row);
}

function alreadyLinked(ctx: BankContext, id: string): boolean {
  return ctx.db.prepare(`SELECT 1 FROM bank_matches WHERE kind = 'supplier_invoice' AND target_id = ?`).get(id) !== undefined;
}

function labelOf(row: SupplierInvoiceRow): string {
  return `${isCreditNote(row) ? 'Supplier credit note' : 'Supplier invoice'} ${row.number} — ${row.seller_name}`;
}

/** "RE-2026/0042" and "re 2026 0042" compare equal. */
const compact = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

function score(line: TransactionRow, row: SupplierInvoiceRow): MatchCandidate | null {
  if (row.currency !== line.currency || expectedAmount(row) !== BigInt(line.amount)) return null;
  const reasons = [`amount ${money(-expectedAmount(row), line.currency)} equals the amount due`];
  let points = 50;
  const bankText = `${line.payee} ${line.text} ${line.reference}`;
  const number = compact(row.number);
  if (number.length >= 3 && compact(bankText).includes(number)) {
    points += 30;
    reasons.push(`invoice number ${row.number} in the text`);
  }
  const bankWords = new Set(nameTokens(bankText));
  const sellerWords = nameTokens(row.seller_name);
  const shared = sellerWords.filter((w) => bankWords.has(w));
  if (shared.length > 0) {
    points += Math.round((15 * shared.length) / sellerWords.length);
    reasons.push(`seller ${row.seller_name} in the text`);
  }
  const due = row.due_date ?? row.issue_date;
  if (line.booking_date <= shiftDays(due, 3)) {
    points += 5;
    reasons.push(row.due_date ? 'paid by the due date' : `${String(daysBetween(row.issue_date, line.booking_date))} days from the invoice date`);
  } else {
    reasons.push(`${String(daysBetween(due, line.booking_date))} days after the due date`);
  }
  return { kind: 'supplier_invoice', targetId: row.id, label: labelOf(row), score: Math.min(100, points), reasons, amount: BigInt(line.amount) };
}

/**
 * Bank line <-> received e-invoice (to review or confirmed): the amount due
 * (BT-115) in the same currency, paid between shortly before the invoice date
 * and 45 days after its due date; the invoice number or the seller's name in
 * the bank text ranks it higher. With the books on, the match posts the
 * payment (payable / bank, books/sources/bank-lines.ts) once the invoice is
 * confirmed, and undo counter-books it.
 */
export const supplierInvoiceSource: MatchSource = {
  kind: 'supplier_invoice',
  candidates(ctx, line) {
    const rows = ctx.db
      .prepare(`${SELECT} WHERE currency = ? AND issue_date <= ? AND COALESCE(due_date, issue_date) >= ?`)
      .all(line.currency, shiftDays(line.booking_date, DAYS_BEFORE_ISSUE), shiftDays(line.booking_date, -DAYS_AFTER_DUE)) as SupplierInvoiceRow[];
    return rows.map((row) => score(line, row)).filter((c): c is MatchCandidate => c !== null && !alreadyLinked(ctx, c.targetId));
  },
  accept(ctx, line, targetId): AcceptedMatch {
    const row = ctx.db.prepare(`${SELECT} WHERE id = ?`).get(targetId) as SupplierInvoiceRow | undefined;
    if (!row) throw new NotFoundError('This supplier invoice does not exist (any more); refresh the suggestions.');
    if (row.currency !== line.currency || expectedAmount(row) !== BigInt(line.amount)) {
      throw new ConflictError(`This supplier invoice (${row.due} ${row.currency} due) does not match the bank line's amount; refresh the suggestions.`);
    }
    if (alreadyLinked(ctx, targetId)) throw new ConflictError('This supplier invoice is linked to another bank line already; undo that match first.');
    return { label: labelOf(row), amount: BigInt(line.amount), recordId: null };
  },
  ...postsPurchasePayment('supplier invoice'),
};
