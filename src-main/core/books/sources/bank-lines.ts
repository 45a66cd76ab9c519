import type { BooksContext } from '../context.js';
import { accountForRole } from '../context.js';
import type { PostingProposal, ProposedLine } from '../ledger.js';
import { isPosted, postSource } from './registry.js';
import type { PostingSource } from './registry.js';

/**
 * A bank line matched to a purchase (an expense or a received supplier
 * invoice) is its payment: it clears the payable the purchase opened (open
 * item `<kind>:<id>`) against the bank, in the book currency amount the
 * payable was posted with (a supplier credit note's refund the other way).
 * The source id is the bank match's id, so undoing and accepting again posts
 * a new entry.
 *
 * Nothing is posted while the purchase is not in the books (a draft or an
 * invoice to review: it posts when confirmed, see `postPurchasePayments`) or
 * when its entry has no open payable (it was booked straight against bank or
 * cash): no payment twice.
 * Invoice matches post as invoice payments (./invoices.ts), transfers move
 * nothing between ledger accounts.
 */
type PurchaseKind = 'expense' | 'supplier_invoice';

interface MatchRow {
  readonly kind: PurchaseKind;
  readonly target_id: string;
  readonly booking_date: string;
  readonly payee: string;
  readonly reference: string;
  readonly label: string;
}

function purchaseMatch(ctx: BooksContext, matchId: string): MatchRow | undefined {
  return ctx.db
    .prepare(
      `SELECT m.kind, m.target_id, t.booking_date, t.payee, t.reference, m.label FROM bank_matches m JOIN bank_transactions t ON t.id = m.transaction_id
       WHERE m.id = ? AND m.kind IN ('expense', 'supplier_invoice')`,
    )
    .get(matchId) as MatchRow | undefined;
}

/** The purchase's payable line as posted (book currency; negative = owed, positive = a credit note's refund due), or null when its entry opened none. */
function openPayable(ctx: BooksContext, kind: PurchaseKind, id: string): { amount: bigint; party: string | null; dueDate: string | null } | null {
  const entryId = isPosted(ctx, kind, id);
  if (entryId === null) return null;
  const line = ctx.db
    .prepare('SELECT amount, party, due_date FROM journal_lines WHERE entry_id = ? AND account = ? AND open_item = ?')
    .safeIntegers(true)
    .get(entryId, accountForRole(ctx, 'payable'), `${kind}:${id}`) as { amount: bigint; party: string | null; due_date: string | null } | undefined;
  if (!line || line.amount === 0n) return null;
  return { amount: line.amount, party: line.party, dueDate: line.due_date };
}

export const bankLineSource: PostingSource = {
  type: 'bank_line',
  propose(ctx, matchId): PostingProposal | null {
    const match = purchaseMatch(ctx, matchId);
    if (!match) return null;
    const payable = openPayable(ctx, match.kind, match.target_id);
    if (!payable) return null;
    const text = `Payment ${match.label}${match.reference === '' ? '' : ` ${match.reference}`}`.slice(0, 500);
    const lines: ProposedLine[] = [
      { account: accountForRole(ctx, 'payable'), amount: -payable.amount, text, openItem: `${match.kind}:${match.target_id}`, dueDate: payable.dueDate, party: payable.party },
      { account: accountForRole(ctx, 'bank'), amount: payable.amount, text },
    ];
    const number = `BANK ${match.booking_date} ${match.payee}`.slice(0, 36);
    return { date: match.booking_date, text, voucher: { type: 'bank_line', id: matchId, number }, lines };
  },
  finalIds: (ctx) =>
    (
      ctx.db
        .prepare(
          `SELECT m.id, MAX(t.booking_date, COALESCE(e.date, s.issue_date, t.booking_date)) AS date, t.id AS ord FROM bank_matches m
           JOIN bank_transactions t ON t.id = m.transaction_id
           LEFT JOIN expenses e ON m.kind = 'expense' AND e.id = m.target_id
           LEFT JOIN supplier_invoices s ON m.kind = 'supplier_invoice' AND s.id = m.target_id
           WHERE m.kind IN ('expense', 'supplier_invoice')`,
        )
        .all() as { id: string; date: string; ord: number }[]
    ).map((r) => ({ id: r.id, date: r.date, order: 5_000_000_000 + r.ord })),
};

/** After a purchase is posted: the payment of a bank line matched to it before (a draft, an invoice to review). Call inside that transaction. */
export function postPurchasePayments(ctx: BooksContext, kind: PurchaseKind, id: string): void {
  const matches = ctx.db.prepare('SELECT id FROM bank_matches WHERE kind = ? AND target_id = ?').all(kind, id) as { id: string }[];
  for (const match of matches) postSource(ctx, 'bank_line', match.id);
}
