import type { AccountType } from '../../../../src-shared/books.js';
import type { BooksContext } from '../context.js';

/**
 * Sums of posted movements per account over a date range, from
 * account_day_totals (kept in the posting transaction): a year's trial
 * balance reads a few thousand rows however many postings there are.
 */
export interface Movement {
  debit: bigint;
  credit: bigint;
}

export const EPOCH = '0001-01-01';

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${String(year + 1)}-01` : `${String(year)}-${String(m + 1).padStart(2, '0')}`;
}

export function movements(ctx: BooksContext, from: string, to: string): Map<string, Movement> {
  const rows = ctx.db
    .prepare('SELECT account, SUM(debit) AS debit, SUM(credit) AS credit FROM account_day_totals WHERE day BETWEEN ? AND ? GROUP BY account')
    .safeIntegers(true)
    .all(from, to) as { account: string; debit: bigint; credit: bigint }[];
  return new Map(rows.map((row) => [row.account, { debit: row.debit, credit: row.credit }]));
}

/** Signed balances (debit positive) of every account from the first posting up to and including `at`. */
export function balancesAt(ctx: BooksContext, at: string): Map<string, bigint> {
  const result = new Map<string, bigint>();
  for (const [account, m] of movements(ctx, EPOCH, at)) result.set(account, m.debit - m.credit);
  return result;
}

export interface AccountInfo {
  readonly number: string;
  readonly name: string;
  readonly type: AccountType;
  readonly role: string | null;
}

export function accountInfos(ctx: BooksContext): AccountInfo[] {
  return ctx.db.prepare('SELECT number, name, type, role FROM accounts ORDER BY number').all() as AccountInfo[];
}
