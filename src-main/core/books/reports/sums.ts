import type { AccountType } from '../../../../src-shared/books.js';
import type { BooksContext } from '../context.js';
import { daysIn } from '../periods.js';

/**
 * Sums of posted movements per account over a date range. Whole months come
 * from account_month_totals (kept in the posting transaction), only the
 * ragged ends of the range scan lines: a year's trial balance over a million
 * postings reads a few hundred rows.
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
function previousMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${String(year - 1)}-12` : `${String(year)}-${String(m - 1).padStart(2, '0')}`;
}
const lastDay = (month: string): string => `${month}-${String(daysIn(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;

export function movements(ctx: BooksContext, from: string, to: string): Map<string, Movement> {
  const result = new Map<string, Movement>();
  if (from > to) return result;
  const add = (account: string, debit: bigint, credit: bigint): void => {
    const current = result.get(account) ?? { debit: 0n, credit: 0n };
    current.debit += debit;
    current.credit += credit;
    result.set(account, current);
  };
  const firstFull = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const lastFull = to === lastDay(to.slice(0, 7)) ? to.slice(0, 7) : previousMonth(to.slice(0, 7));
  const lines = ctx.db
    .prepare(
      `SELECT account, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS debit, SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS credit
       FROM journal_lines l WHERE date BETWEEN ? AND ? AND (SELECT state FROM journal_entries e WHERE e.id = l.entry_id) = 'posted' GROUP BY account`,
    )
    .safeIntegers(true);
  const scan = (a: string, b: string): void => {
    if (a > b) return;
    for (const row of lines.all(a, b) as { account: string; debit: bigint; credit: bigint }[]) add(row.account, row.debit, row.credit);
  };
  if (firstFull <= lastFull) {
    const totals = ctx.db
      .prepare('SELECT account, SUM(debit) AS debit, SUM(credit) AS credit FROM account_month_totals WHERE month BETWEEN ? AND ? GROUP BY account')
      .safeIntegers(true);
    for (const row of totals.all(firstFull, lastFull) as { account: string; debit: bigint; credit: bigint }[]) add(row.account, row.debit, row.credit);
    scan(from, addDays(`${firstFull}-01`, -1));
    scan(addDays(lastDay(lastFull), 1), to);
  } else {
    scan(from, to);
  }
  return result;
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
