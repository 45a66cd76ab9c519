import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ManualLine, RecurringEntry } from '../../../src-shared/books.js';
import { ValidationError } from '../errors.js';
import { nowIso, today } from '../invoices/context.js';
import { isRealDate } from '../invoices/dates.js';
import type { BooksContext } from './context.js';
import { requireSettings } from './context.js';
import { writeEntry } from './ledger.js';
import { parseManualLines, vatFromLines } from './manual.js';
import { closedPeriodOf } from './periods.js';
import { nextMonth } from './reports/sums.js';

/**
 * Recurring entries (rent, depreciation, a loan's interest): a monthly
 * template posts one entry per month on its day once that day has come.
 * The source id is "template:month", so a month is posted at most once, even
 * across crashes and two processes (UNIQUE source in the journal).
 */
export interface RecurringInput {
  readonly name: string;
  readonly text: string;
  readonly day: number;
  readonly startDate: string;
  readonly endDate?: string | null | undefined;
  readonly lines: readonly ManualLine[];
}

const linesSchema = z.array(z.object({ account: z.string(), debit: z.string().optional(), credit: z.string().optional(), vatCode: z.string().nullish(), text: z.string().optional() }));

interface Row {
  id: string;
  name: string;
  text: string;
  lines: string;
  day: number;
  start_date: string;
  end_date: string | null;
  active: number;
}

const toTemplate = (row: Row): RecurringEntry => ({
  id: row.id, name: row.name, text: row.text, day: row.day, startDate: row.start_date, endDate: row.end_date, active: row.active === 1, lines: linesSchema.parse(JSON.parse(row.lines)),
});

export function listRecurringEntries(ctx: BooksContext): RecurringEntry[] {
  return (ctx.db.prepare('SELECT * FROM recurring_entries ORDER BY name').all() as Row[]).map(toTemplate);
}

export function createRecurringEntry(ctx: BooksContext, input: RecurringInput): RecurringEntry {
  const settings = requireSettings(ctx);
  if (!isRealDate(input.startDate)) throw new ValidationError(`'${input.startDate}' is not a calendar date.`, { startDate: 'Not a calendar date.' });
  if (input.endDate != null && (!isRealDate(input.endDate) || input.endDate < input.startDate)) {
    throw new ValidationError('The end date must be a date after the start.', { endDate: 'After the start.' });
  }
  const lines = parseManualLines(input.lines, settings.currency);
  if (lines.reduce((t, l) => t + l.amount, 0n) !== 0n) throw new ValidationError('The template does not balance: make debits and credits equal.', { lines: 'Unbalanced.' });
  const id = randomUUID();
  ctx.transaction(() => {
    ctx.db
      .prepare('INSERT INTO recurring_entries (id, name, text, lines, day, start_date, end_date, active, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)')
      .run(id, input.name.trim(), input.text.trim(), JSON.stringify(input.lines), input.day, input.startDate, input.endDate ?? null, nowIso(ctx), ctx.actor);
    ctx.audit({ action: 'books.recurring.create', subject: `recurring-entry:${id}`, details: { name: input.name, day: input.day } });
  });
  return toTemplate(ctx.db.prepare('SELECT * FROM recurring_entries WHERE id = ?').get(id) as Row);
}

export interface RecurringEntryRun {
  readonly posted: readonly { readonly templateId: string; readonly month: string; readonly entryId: string }[];
  readonly skipped: readonly { readonly templateId: string; readonly month: string; readonly reason: string }[];
}

/** Posts every month that has come due; a month in a closed period is reported, not posted. */
export function runDueRecurringEntries(ctx: BooksContext): RecurringEntryRun {
  const settings = requireSettings(ctx);
  const now = today(ctx);
  const posted: { templateId: string; month: string; entryId: string }[] = [];
  const skipped: { templateId: string; month: string; reason: string }[] = [];
  const exists = ctx.db.prepare("SELECT 1 FROM journal_entries WHERE source_type = 'recurring' AND source_id = ?");
  for (const template of listRecurringEntries(ctx).filter((t) => t.active)) {
    for (let month = template.startDate.slice(0, 7); ; month = nextMonth(month)) {
      const date = `${month}-${String(template.day).padStart(2, '0')}`;
      if (date > now || (template.endDate !== null && date > template.endDate)) break;
      if (date < template.startDate) continue;
      const sourceId = `${template.id}:${month}`;
      if (exists.get(sourceId) !== undefined) continue;
      const closed = closedPeriodOf(ctx, date);
      if (closed !== null) {
        skipped.push({ templateId: template.id, month, reason: `The period ${closed} is closed.` });
        continue;
      }
      const lines = parseManualLines(template.lines, settings.currency);
      const entryId = ctx.transaction(() =>
        writeEntry(ctx, { type: 'recurring', id: sourceId }, { date, text: template.text || template.name, voucher: { type: 'recurring', id: sourceId, number: `${template.name} ${month}`.slice(0, 36) }, lines, vat: vatFromLines(ctx, lines) }, 'posted'),
      );
      posted.push({ templateId: template.id, month, entryId });
    }
  }
  return { posted, skipped };
}
