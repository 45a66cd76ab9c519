import type { AgingBucket, AgingReport, AgingRow, CashFlow, CashFlowMonth, GeneralLedger, LedgerLine, SourceType } from '../../../../src-shared/books.js';
import { AGING_BUCKETS } from '../../../../src-shared/books.js';
import { formatMoney } from '../../../../src-shared/money.js';
import type { BooksContext } from '../context.js';
import { accountForRole, requireSettings } from '../context.js';
import { entryNumber } from '../ledger.js';
import { getAccount } from '../setup.js';
import { parsePeriod } from '../periods.js';
import { requireRange } from './statements.js';
import { addDays, balancesAt, movements, nextMonth } from './sums.js';

/** General ledger of one account with a running balance; `limit` caps the lines (the files carry them all). */
export function generalLedger(ctx: BooksContext, account: string, from: string, to: string, limit = 2000): GeneralLedger {
  requireRange(from, to);
  const { currency } = requireSettings(ctx);
  const info = getAccount(ctx, account);
  const opening = balancesAt(ctx, addDays(from, -1)).get(account) ?? 0n;
  const rows = ctx.db
    .prepare(
      `SELECT e.id, e.fiscal_year, e.seq, l.date, COALESCE(NULLIF(l.text, ''), e.text) AS text, e.source_type, e.source_id, e.voucher, l.amount
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE l.account = ? AND l.date BETWEEN ? AND ? AND e.state = 'posted' ORDER BY l.date, e.fiscal_year, e.seq, l.position LIMIT ?`,
    )
    .safeIntegers(true)
    .all(account, from, to, BigInt(limit + 1)) as { id: string; fiscal_year: bigint; seq: bigint; date: string; text: string; source_type: SourceType; source_id: string; voucher: string; amount: bigint }[];
  let balance = opening;
  const lines: LedgerLine[] = rows.slice(0, limit).map((row) => {
    balance += row.amount;
    return {
      entryId: row.id,
      number: entryNumber(Number(row.fiscal_year), Number(row.seq)),
      date: row.date,
      text: row.text,
      voucher: { type: row.source_type, id: row.source_id, number: row.voucher },
      debit: formatMoney(row.amount > 0n ? row.amount : 0n, currency),
      credit: formatMoney(row.amount < 0n ? -row.amount : 0n, currency),
      balance: formatMoney(balance, currency),
    };
  });
  const moved = movements(ctx, from, to).get(account) ?? { debit: 0n, credit: 0n };
  return {
    account,
    name: info.name,
    from,
    to,
    currency,
    opening: formatMoney(opening, currency),
    lines,
    closing: formatMoney(opening + moved.debit - moved.credit, currency),
    truncated: rows.length > limit,
  };
}

function bucketOf(days: number): AgingBucket {
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return 'over-90';
}

/** Open items on the receivable (or payable) account as of a date, by days past due. */
export function aging(ctx: BooksContext, asOf: string, kind: 'receivables' | 'payables'): AgingReport {
  const { currency } = requireSettings(ctx);
  const account = accountForRole(ctx, kind === 'receivables' ? 'receivable' : 'payable');
  const sign = kind === 'receivables' ? 1n : -1n;
  const items = ctx.db
    .prepare(
      `SELECT l.open_item, MAX(l.party) AS party, MAX(l.due_date) AS due_date, SUM(l.amount) AS amount,
         (SELECT e2.voucher FROM journal_lines l2 JOIN journal_entries e2 ON e2.id = l2.entry_id
          WHERE l2.open_item = l.open_item AND l2.account = l.account ORDER BY l2.date, e2.seq LIMIT 1) AS voucher
       FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
       WHERE l.account = ? AND l.open_item IS NOT NULL AND l.date <= ? AND e.state = 'posted'
       GROUP BY l.open_item HAVING SUM(l.amount) <> 0 ORDER BY MAX(l.due_date), l.open_item`,
    )
    .safeIntegers(true)
    .all(account, asOf) as { open_item: string; party: string | null; due_date: string | null; amount: bigint; voucher: string }[];
  const totals = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0n])) as Record<AgingBucket, bigint>;
  let total = 0n;
  const rows: AgingRow[] = items.map((item) => {
    const amount = sign * item.amount;
    const days = item.due_date === null ? 0 : Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${item.due_date}T00:00:00Z`)) / 86_400_000);
    const bucket = bucketOf(days);
    totals[bucket] += amount;
    total += amount;
    return { openItem: item.open_item, party: item.party ?? '', voucher: item.voucher, dueDate: item.due_date, daysOverdue: Math.max(days, 0), amount: formatMoney(amount, currency), bucket };
  });
  const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, formatMoney(totals[b], currency)])) as Record<AgingBucket, string>;
  return { asOf, kind, currency, rows, buckets, total: formatMoney(total, currency) };
}

export function cashAccounts(ctx: BooksContext): string[] {
  return (ctx.db.prepare("SELECT number FROM accounts WHERE role IN ('bank', 'cash') ORDER BY number").all() as { number: string }[]).map((r) => r.number);
}

/** Money in and out of the bank and cash accounts, month by month. */
export function cashFlow(ctx: BooksContext, from: string, to: string): CashFlow {
  requireRange(from, to);
  const { currency } = requireSettings(ctx);
  const accounts = cashAccounts(ctx);
  const openingBalances = balancesAt(ctx, addDays(from, -1));
  const opening = accounts.reduce((total, a) => total + (openingBalances.get(a) ?? 0n), 0n);
  const months: CashFlowMonth[] = [];
  let running = opening;
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
    const range = parsePeriod(month);
    const moved = movements(ctx, range.from < from ? from : range.from, range.to > to ? to : range.to);
    let inflow = 0n;
    let outflow = 0n;
    for (const a of accounts) {
      inflow += moved.get(a)?.debit ?? 0n;
      outflow += moved.get(a)?.credit ?? 0n;
    }
    running += inflow - outflow;
    months.push({ month, inflow: formatMoney(inflow, currency), outflow: formatMoney(outflow, currency), net: formatMoney(inflow - outflow, currency), closing: formatMoney(running, currency) });
  }
  return { from, to, currency, opening: formatMoney(opening, currency), months };
}
