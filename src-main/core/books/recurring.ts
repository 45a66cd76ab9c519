import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ManualLine, RecurringEntry } from '../../../src-shared/books.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { nowIso, today } from '../invoices/context.js';
import { isRealDate } from '../invoices/dates.js';
import type { BooksContext } from './context.js';
import { readSettings, requireSettings } from './context.js';
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

type Template = Omit<RecurringEntry, 'nextRun'>;

const toTemplate = (row: Row): Template => ({
  id: row.id, name: row.name, text: row.text, day: row.day, startDate: row.start_date, endDate: row.end_date, active: row.active === 1, lines: linesSchema.parse(JSON.parse(row.lines)),
});

/** The template's months not yet in the journal, in order, up to `until` (inclusive) and its end date. */
function* openMonths(ctx: BooksContext, template: Template, until: string): Generator<{ month: string; date: string; sourceId: string }> {
  const exists = ctx.db.prepare("SELECT 1 FROM journal_entries WHERE source_type = 'recurring' AND source_id = ?");
  for (let month = template.startDate.slice(0, 7); ; month = nextMonth(month)) {
    const date = `${month}-${String(template.day).padStart(2, '0')}`;
    if (date > until || (template.endDate !== null && date > template.endDate)) return;
    const sourceId = `${template.id}:${month}`;
    if (date >= template.startDate && exists.get(sourceId) === undefined) yield { month, date, sourceId };
  }
}

/** The date the template posts next (past when a month is held up by a closed period), or null when paused or ended. */
function nextRunOf(ctx: BooksContext, template: Template): string | null {
  if (!template.active) return null;
  for (const due of openMonths(ctx, template, '9999-12-31')) return due.date;
  return null;
}

function listTemplates(ctx: BooksContext): Template[] {
  return (ctx.db.prepare('SELECT * FROM recurring_entries ORDER BY name').all() as Row[]).map(toTemplate);
}

export function listRecurringEntries(ctx: BooksContext): RecurringEntry[] {
  return listTemplates(ctx).map((template) => ({ ...template, nextRun: nextRunOf(ctx, template) }));
}

function requireTemplate(ctx: BooksContext, id: string): Template {
  const row = ctx.db.prepare('SELECT * FROM recurring_entries WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new NotFoundError('This recurring entry does not exist (any more); reload the list.');
  return toTemplate(row);
}

/** Pausing stops future months; resuming catches up the months missed meanwhile at the next run. */
export function setRecurringActive(ctx: BooksContext, id: string, active: boolean): RecurringEntry {
  ctx.transaction(() => {
    const template = requireTemplate(ctx, id);
    ctx.db.prepare('UPDATE recurring_entries SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
    ctx.audit({ action: active ? 'books.recurring.resume' : 'books.recurring.pause', subject: `recurring-entry:${id}`, details: { name: template.name } });
  });
  const template = requireTemplate(ctx, id);
  return { ...template, nextRun: nextRunOf(ctx, template) };
}

/** Deletes the template; the entries it posted stay in the journal (posted entries are immutable). */
export function deleteRecurringEntry(ctx: BooksContext, id: string): null {
  ctx.transaction(() => {
    const template = requireTemplate(ctx, id);
    ctx.db.prepare('DELETE FROM recurring_entries WHERE id = ?').run(id);
    ctx.audit({ action: 'books.recurring.delete', subject: `recurring-entry:${id}`, details: { name: template.name } });
  });
  return null;
}

/** How many months are due today over the active templates (0: the background run starts no job). */
export function countDueRecurringEntries(ctx: BooksContext): number {
  if (readSettings(ctx) === null) return 0;
  const now = today(ctx);
  return listTemplates(ctx).filter((t) => t.active).reduce((count, template) => count + [...openMonths(ctx, template, now)].length, 0);
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
  const template = requireTemplate(ctx, id);
  return { ...template, nextRun: nextRunOf(ctx, template) };
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
  for (const template of listTemplates(ctx).filter((t) => t.active)) {
    for (const { month, date, sourceId } of openMonths(ctx, template, now)) {
      const closed = closedPeriodOf(ctx, date);
      if (closed !== null) {
        skipped.push({ templateId: template.id, month, reason: `The period ${closed} is closed.` });
        continue;
      }
      try {
        const lines = parseManualLines(template.lines, settings.currency);
        const entryId = ctx.transaction(() =>
          writeEntry(ctx, { type: 'recurring', id: sourceId }, { date, text: template.text || template.name, voucher: { type: 'recurring', id: sourceId, number: `${template.name} ${month}`.slice(0, 36) }, lines, vat: vatFromLines(ctx, lines) }, 'posted'),
        );
        posted.push({ templateId: template.id, month, entryId });
      } catch (error) {
        // A template gone stale (an account since deactivated) is reported like a closed month; the other templates still post.
        if (!(error instanceof ValidationError)) throw error;
        skipped.push({ templateId: template.id, month, reason: `${template.name}: ${error.message}` });
      }
    }
  }
  return { posted, skipped };
}
