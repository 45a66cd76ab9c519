import type { ClosedPeriod } from '../../../src-shared/books.js';
import { ConflictError, ValidationError } from '../errors.js';
import { isRealDate } from '../invoices/dates.js';
import type { BooksContext } from './context.js';
import { nowIso } from '../invoices/context.js';

/**
 * Periods are months ("2026-11"), quarters ("2026-Q4") or years ("2026").
 * Once closed, nothing can be posted dated inside them (GoBD
 * Festschreibung); only the owner reopens, with a reason, and both are
 * audited in the same transaction.
 */
const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

export function parsePeriod(period: string): { from: string; to: string } {
  const match = PERIOD.exec(period);
  if (!match) throw new ValidationError(`'${period}' is not a period; use a month like 2026-11, a quarter like 2026-Q4 or a year like 2026.`, { period: 'Use 2026-11, 2026-Q4 or 2026.' });
  const [, year = '', month, quarter] = match;
  const first = month !== undefined ? Number(month) : quarter !== undefined ? (Number(quarter) - 1) * 3 + 1 : 1;
  const last = month !== undefined ? first : quarter !== undefined ? first + 2 : 12;
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(daysIn(Number(year), last))}` };
}

const pad = (n: number): string => String(n).padStart(2, '0');
export function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The three periods a date belongs to. */
export function periodsOf(date: string): string[] {
  const month = Number(date.slice(5, 7));
  return [date.slice(0, 7), `${date.slice(0, 4)}-Q${String(Math.ceil(month / 3))}`, date.slice(0, 4)];
}

export function closedPeriodOf(ctx: BooksContext, date: string): string | null {
  const [month = '', quarter = '', year = ''] = periodsOf(date);
  const row = ctx.db.prepare('SELECT period FROM closed_periods WHERE period IN (?, ?, ?) LIMIT 1').get(month, quarter, year) as { period: string } | undefined;
  return row?.period ?? null;
}

export function requireOpenPeriod(ctx: BooksContext, date: string): void {
  if (!isRealDate(date)) throw new ValidationError(`'${date}' is not a calendar date.`, { date: 'Not a calendar date.' });
  const closed = closedPeriodOf(ctx, date);
  if (closed !== null) {
    throw new ConflictError(`The period ${closed} is closed, so nothing dated ${date} can be posted. Date it in an open period, or ask the owner to reopen ${closed}.`);
  }
}

export function listClosedPeriods(ctx: BooksContext): ClosedPeriod[] {
  const rows = ctx.db.prepare('SELECT period, closed_at, closed_by FROM closed_periods ORDER BY period').all() as { period: string; closed_at: string; closed_by: string }[];
  return rows.map((r) => ({ period: r.period, closedAt: r.closed_at, closedBy: r.closed_by }));
}

export function closePeriod(ctx: BooksContext, period: string): ClosedPeriod {
  const range = parsePeriod(period);
  return ctx.transaction(() => {
    if (ctx.db.prepare('SELECT 1 FROM closed_periods WHERE period = ?').get(period) !== undefined) {
      throw new ConflictError(`The period ${period} is already closed.`);
    }
    const drafts = ctx.db.prepare("SELECT COUNT(*) AS n FROM journal_entries WHERE state = 'draft' AND date BETWEEN ? AND ?").get(range.from, range.to) as { n: number };
    if (drafts.n > 0) {
      throw new ConflictError(`${String(drafts.n)} draft entr${drafts.n === 1 ? 'y is' : 'ies are'} dated in ${period}. Post or discard them before closing.`);
    }
    const at = nowIso(ctx);
    ctx.db.prepare('INSERT INTO closed_periods (period, closed_at, closed_by) VALUES (?, ?, ?)').run(period, at, ctx.actor);
    const posted = ctx.db.prepare("SELECT COUNT(*) AS n FROM journal_entries WHERE state = 'posted' AND date BETWEEN ? AND ?").get(range.from, range.to) as { n: number };
    ctx.audit({ action: 'books.close', subject: `period:${period}`, details: { from: range.from, to: range.to, entries: posted.n } });
    return { period, closedAt: at, closedBy: ctx.actor };
  });
}

export function reopenPeriod(ctx: BooksContext, period: string, reason: string): null {
  parsePeriod(period);
  const why = reason.trim();
  if (why.length < 5) throw new ValidationError('Say why the period is reopened (at least a few words); the reason goes into the audit log.', { reason: 'Required.' });
  ctx.transaction(() => {
    const done = ctx.db.prepare('DELETE FROM closed_periods WHERE period = ?').run(period);
    if (done.changes === 0) throw new ConflictError(`The period ${period} is not closed.`);
    ctx.audit({ action: 'books.reopen', subject: `period:${period}`, details: { reason: why } });
  });
  return null;
}
