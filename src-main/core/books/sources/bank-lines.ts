import type { BooksContext } from '../context.js';
import { accountForRole } from '../context.js';
import type { PostingProposal, ProposedLine } from '../ledger.js';
import { isPosted, postSource } from './registry.js';
import type { PostingSource } from './registry.js';

/**
 * A bank line matched to an expense is the expense's payment: it clears the
 * payable the expense opened (open item `expense:<id>`) against the bank, in
 * the book currency amount the payable was posted with. The source id is the
 * bank match's id, so undoing and accepting again posts a new entry.
 *
 * Nothing is posted while the expense is not in the books (a draft: it posts
 * when confirmed, see `postExpensePayments`) or when its entry has no open
 * payable (it was booked straight against bank or cash): no payment twice.
 * Invoice matches post as invoice payments (./invoices.ts), transfers move
 * nothing between ledger accounts.
 */
interface MatchRow {
  readonly target_id: string;
  readonly booking_date: string;
  readonly payee: string;
  readonly reference: string;
  readonly label: string;
}

function expenseMatch(ctx: BooksContext, matchId: string): MatchRow | undefined {
  return ctx.db
    .prepare(
      `SELECT m.target_id, t.booking_date, t.payee, t.reference, m.label FROM bank_matches m JOIN bank_transactions t ON t.id = m.transaction_id
       WHERE m.id = ? AND m.kind = 'expense'`,
    )
    .get(matchId) as MatchRow | undefined;
}

/** What is still owed on the expense's payable line (book currency, positive), or null when the entry opened none. */
function openPayable(ctx: BooksContext, expenseId: string): { amount: bigint; party: string | null; dueDate: string | null } | null {
  const entryId = isPosted(ctx, 'expense', expenseId);
  if (entryId === null) return null;
  const line = ctx.db
    .prepare('SELECT amount, party, due_date FROM journal_lines WHERE entry_id = ? AND account = ? AND open_item = ?')
    .safeIntegers(true)
    .get(entryId, accountForRole(ctx, 'payable'), `expense:${expenseId}`) as { amount: bigint; party: string | null; due_date: string | null } | undefined;
  if (!line || line.amount >= 0n) return null;
  return { amount: -line.amount, party: line.party, dueDate: line.due_date };
}

export const bankLineSource: PostingSource = {
  type: 'bank_line',
  propose(ctx, matchId): PostingProposal | null {
    const match = expenseMatch(ctx, matchId);
    if (!match) return null;
    const payable = openPayable(ctx, match.target_id);
    if (!payable) return null;
    const text = `Payment ${match.label}${match.reference === '' ? '' : ` ${match.reference}`}`.slice(0, 500);
    const lines: ProposedLine[] = [
      { account: accountForRole(ctx, 'payable'), amount: payable.amount, text, openItem: `expense:${match.target_id}`, dueDate: payable.dueDate, party: payable.party },
      { account: accountForRole(ctx, 'bank'), amount: -payable.amount, text },
    ];
    const number = `BANK ${match.booking_date} ${match.payee}`.slice(0, 36);
    return { date: match.booking_date, text, voucher: { type: 'bank_line', id: matchId, number }, lines };
  },
  finalIds: (ctx) =>
    (
      ctx.db
        .prepare(
          `SELECT m.id, MAX(t.booking_date, COALESCE(e.date, t.booking_date)) AS date, t.id AS ord FROM bank_matches m
           JOIN bank_transactions t ON t.id = m.transaction_id JOIN expenses e ON e.id = m.target_id WHERE m.kind = 'expense'`,
        )
        .all() as { id: string; date: string; ord: number }[]
    ).map((r) => ({ id: r.id, date: r.date, order: 5_000_000_000 + r.ord })),
};

/** After an expense is posted: the payment of a bank line matched to it while it was a draft. Call inside that transaction. */
export function postExpensePayments(ctx: BooksContext, expenseId: string): void {
  const matches = ctx.db.prepare("SELECT id FROM bank_matches WHERE kind = 'expense' AND target_id = ?").all(expenseId) as { id: string }[];
  for (const match of matches) postSource(ctx, 'bank_line', match.id);
}
