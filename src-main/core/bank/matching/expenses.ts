import { ConflictError, NotFoundError } from '../../errors.js';
import type { ExpenseRecord } from '../../expenses/index.js';
import { readExpense, readExpenses } from '../../expenses/index.js';
import { money } from '../amounts.js';
import type { BankContext } from '../context.js';
import type { TransactionRow } from '../transactions.js';
import { daysBetween, shiftDays } from './dates.js';
import { postsPurchasePayment } from './payment-entry.js';
import type { AcceptedMatch, MatchCandidate, MatchSource } from './source.js';

/** Issue 8 item 8: an expense is proposed for a debit paid within this many days of its date. */
const DATE_WINDOW_DAYS = 3;

/** Legal forms and filler words say nothing about who was paid. */
const NOISE_WORDS = new Set(['gmbh', 'mbh', 'sarl', 'sas', 'sa', 'ltd', 'inc', 'llc', 'kg', 'ag', 'eg', 'ug', 'co', 'und', 'and', 'the', 'et', 'de', 'der', 'die', 'das', 'le', 'la', 'les']);

/** "Café Müller GmbH" -> ["cafe", "muller"]: no accents, no case, no punctuation, no legal form. */
export function nameTokens(text: string): string[] {
  const plain = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return [...new Set(plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2 && !NOISE_WORDS.has(w)))];
}

function alreadyLinked(ctx: BankContext, expenseId: string): boolean {
  return ctx.db.prepare(`SELECT 1 FROM bank_matches WHERE kind = 'expense' AND target_id = ?`).get(expenseId) !== undefined;
}

function labelOf(expense: ExpenseRecord): string {
  return `Expense ${expense.date ?? ''} — ${expense.supplier || 'no supplier'}`;
}

function score(line: TransactionRow, expense: ExpenseRecord, bankWords: ReadonlySet<string>): MatchCandidate | null {
  const paid = -BigInt(line.amount);
  if (expense.date === null || expense.currency !== line.currency || expense.grossMinor !== paid) return null;
  const days = daysBetween(expense.date, line.booking_date);
  const reasons = [`amount ${money(paid, line.currency)} equals the expense gross`, days === 0 ? 'same day as the expense' : `${String(days)} day${days === 1 ? '' : 's'} from the expense date`];
  let points = 50 + 30 - days * 7;
  const supplierWords = nameTokens(expense.supplier);
  const shared = supplierWords.filter((w) => bankWords.has(w));
  if (shared.length > 0) {
    points += Math.round((20 * shared.length) / supplierWords.length);
    reasons.push(shared.length === supplierWords.length ? `supplier ${expense.supplier} in the text` : `supplier ${expense.supplier} partly in the text (${shared.join(', ')})`);
  }
  // A draft may still change; a confirmed expense is settled, so it ranks a little higher.
  if (expense.status === 'confirmed') reasons.push('confirmed expense');
  else {
    points -= 5;
    reasons.push('draft expense, not confirmed yet');
  }
  return { kind: 'expense', targetId: expense.id, label: labelOf(expense), score: Math.max(0, Math.min(100, points)), reasons, amount: BigInt(line.amount) };
}

/**
 * Bank debit <-> expense (draft or confirmed): same gross and currency, dated
 * within 3 days, supplier name in the bank text. The matcher's `bank_matches`
 * row is the link (and through the expense, its receipts). With the books on,
 * the match posts the payment (payable / bank, books/sources/bank-lines.ts)
 * and undo counter-books it; the expense and its receipts stay as they were.
 */
export const expenseSource: MatchSource = {
  kind: 'expense',
  candidates(ctx, line) {
    if (line.amount >= 0) return [];
    const bankWords = new Set(nameTokens(`${line.payee} ${line.text} ${line.reference}`));
    const window = { from: shiftDays(line.booking_date, -DATE_WINDOW_DAYS), to: shiftDays(line.booking_date, DATE_WINDOW_DAYS) };
    return readExpenses(ctx.db, window)
      .map((expense) => score(line, expense, bankWords))
      .filter((c): c is MatchCandidate => c !== null && !alreadyLinked(ctx, c.targetId));
  },
  accept(ctx, line, targetId): AcceptedMatch {
    const expense = readExpense(ctx.db, targetId);
    if (!expense) throw new NotFoundError('This expense does not exist (any more); refresh the suggestions.');
    if (line.amount >= 0 || expense.currency !== line.currency || expense.grossMinor !== -BigInt(line.amount)) {
      throw new ConflictError(`This expense (${money(expense.grossMinor, expense.currency)} ${expense.currency}) does not match the bank line's amount any more; refresh the suggestions.`);
    }
    if (alreadyLinked(ctx, targetId)) throw new ConflictError('This expense is linked to another bank line already; undo that match first.');
    return { label: labelOf(expense), amount: BigInt(line.amount), recordId: null };
  },
  ...postsPurchasePayment('expense'),
};
