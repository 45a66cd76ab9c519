import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DocumentAllowanceInput, Frequency, InvoiceLineInput, RecurringRun, RecurringTemplate, ServicePeriod } from '../../../src-shared/contract-invoicing.js';
import { SERVICE_PERIODS } from '../../../src-shared/invoicing.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { InvoicingContext } from './context.js';
import { nowIso, today } from './context.js';
import { getCustomer } from './customers.js';
import { addDays, addMonthsClamped, isRealDate } from './dates.js';
import { issueInvoice } from './documents.js';
import type { EInvoiceHook } from './documents.js';
import { insertDraft, prepareDraft } from './drafts.js';

const STEP_MONTHS: Readonly<Record<Frequency, number>> = { monthly: 1, quarterly: 3, yearly: 12 };

/** The n-th period date of a template: always counted from the start date, so month ends do not drift. */
export function periodDate(startDate: string, frequency: Frequency, index: number): string {
  return addMonthsClamped(startDate, index * STEP_MONTHS[frequency]);
}

/** Every period from the start up to and including `until` (and the end date, if any): its date and index. */
export function periodsDue(startDate: string, frequency: Frequency, endDate: string | null, until: string): { date: string; index: number }[] {
  const periods: { date: string; index: number }[] = [];
  for (let index = 0; ; index += 1) {
    const date = periodDate(startDate, frequency, index);
    if (date > until || (endDate !== null && date > endDate)) return periods;
    periods.push({ date, index });
  }
}

/**
 * The delivery period the n-th run's invoice states: from one period date to
 * the day before the next, so the runs' periods join without gap or overlap
 * (a template of the 31st covers Jan 31 - Feb 27, then Feb 28 - Mar 30).
 */
export function servicePeriodOf(startDate: string, frequency: Frequency, index: number, which: ServicePeriod): { periodStart: string; periodEnd: string } | null {
  if (which === 'none') return null;
  const first = which === 'this' ? index : index - 1;
  return { periodStart: periodDate(startDate, frequency, first), periodEnd: addDays(periodDate(startDate, frequency, first + 1), -1) };
}

export interface TemplateInput {
  readonly name: string;
  readonly customerId: string;
  readonly currency?: string | undefined;
  readonly exchangeRate?: string | null | undefined;
  readonly notes: string;
  readonly lines: readonly InvoiceLineInput[];
  readonly frequency: Frequency;
  readonly startDate: string;
  readonly endDate?: string | null | undefined;
  readonly mode: 'draft' | 'issue';
  readonly allowances?: readonly DocumentAllowanceInput[] | undefined;
  readonly orderReference?: string | undefined;
  readonly contractReference?: string | undefined;
  readonly servicePeriod?: ServicePeriod | undefined;
}

interface TemplateRow {
  id: string;
  name: string;
  customer_id: string;
  currency: string;
  exchange_rate: string | null;
  notes: string;
  lines: string;
  frequency: Frequency;
  start_date: string;
  end_date: string | null;
  mode: 'draft' | 'issue';
  allowances: string;
  order_reference: string;
  contract_reference: string;
  service_period: string;
  active: number;
}

const linesSchema = z.array(
  z.object({
    description: z.string(),
    quantity: z.string(),
    unit: z.string().optional(),
    unitPrice: z.string(),
    vatRate: z.string(),
    exemptionReason: z.string().nullish(),
    discount: z.string().nullish(),
  }),
);

const allowancesSchema = z.array(
  z.object({
    charge: z.boolean(),
    reason: z.string(),
    reasonCode: z.string().nullish(),
    vatRate: z.string(),
    exemptionReason: z.string().nullish(),
    amount: z.string().nullish(),
    percent: z.string().nullish(),
    base: z.string().nullish(),
  }),
);

/** What a template puts on each invoice besides its lines (migrations 0014, 0015). */
function termsOf(row: TemplateRow): Pick<RecurringTemplate, 'allowances' | 'orderReference' | 'contractReference' | 'servicePeriod'> {
  return {
    allowances: allowancesSchema.parse(JSON.parse(row.allowances)),
    orderReference: row.order_reference,
    contractReference: row.contract_reference,
    servicePeriod: SERVICE_PERIODS.find((p) => p === row.service_period) ?? 'none',
  };
}

function nextRun(ctx: InvoicingContext, row: TemplateRow): string | null {
  const done = new Set(
    (ctx.db.prepare('SELECT period FROM recurring_runs WHERE template_id = ?').all(row.id) as { period: string }[]).map((r) => r.period),
  );
  for (let index = 0; index < 10_000; index += 1) {
    const date = periodDate(row.start_date, row.frequency, index);
    if (row.end_date !== null && date > row.end_date) return null;
    if (!done.has(date)) return date;
  }
  return null;
}

function toTemplate(ctx: InvoicingContext, row: TemplateRow): RecurringTemplate {
  return {
    id: row.id,
    name: row.name,
    customerId: row.customer_id,
    customerName: getCustomer(ctx, row.customer_id).name,
    currency: row.currency,
    exchangeRate: row.exchange_rate,
    notes: row.notes,
    lines: linesSchema.parse(JSON.parse(row.lines)),
    frequency: row.frequency,
    startDate: row.start_date,
    endDate: row.end_date,
    mode: row.mode,
    ...termsOf(row),
    active: row.active === 1,
    nextRun: row.active === 1 ? nextRun(ctx, row) : null,
  };
}

function readTemplate(ctx: InvoicingContext, id: string): TemplateRow {
  const row = ctx.db.prepare('SELECT * FROM recurring_templates WHERE id = ?').get(id) as TemplateRow | undefined;
  if (!row) throw new NotFoundError('This recurring template does not exist (any more). Reload the list.');
  return row;
}

/** Validates like a draft would be, so a template cannot fail only when it first runs. */
function validate(ctx: InvoicingContext, input: TemplateInput): { currency: string } {
  getCustomer(ctx, input.customerId);
  for (const [field, value] of [['startDate', input.startDate], ['endDate', input.endDate ?? null]] as const) {
    if (value !== null && !isRealDate(value)) throw new ValidationError(`'${value}' is not a calendar date.`, { [field]: 'Not a calendar date.' });
  }
  if (input.endDate && input.endDate < input.startDate) {
    throw new ValidationError('The end date is before the start date.', { endDate: 'Before the start date.' });
  }
  const prepared = prepareDraft(ctx, { customerId: input.customerId, currency: input.currency, exchangeRate: input.exchangeRate, lines: input.lines, allowances: input.allowances });
  return { currency: prepared.currency };
}

export function getTemplate(ctx: InvoicingContext, id: string): RecurringTemplate {
  return toTemplate(ctx, readTemplate(ctx, id));
}

export function listTemplates(ctx: InvoicingContext): RecurringTemplate[] {
  const rows = ctx.db.prepare('SELECT * FROM recurring_templates ORDER BY name COLLATE NOCASE').all() as TemplateRow[];
  return rows.map((row) => toTemplate(ctx, row));
}

export function createTemplate(ctx: InvoicingContext, input: TemplateInput): RecurringTemplate {
  const { currency } = validate(ctx, input);
  const id = randomUUID();
  ctx.transaction(() => {
    const at = nowIso(ctx);
    ctx.db
      .prepare(
        `INSERT INTO recurring_templates (id, name, customer_id, currency, exchange_rate, notes, lines, frequency, start_date, end_date, mode,
           allowances, order_reference, contract_reference, service_period, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(id, input.name, input.customerId, currency, input.exchangeRate ?? null, input.notes, JSON.stringify(input.lines),
        input.frequency, input.startDate, input.endDate ?? null, input.mode,
        JSON.stringify(input.allowances ?? []), input.orderReference ?? '', input.contractReference ?? '', input.servicePeriod ?? 'none', at, at);
    ctx.audit({ action: 'recurring.create', subject: `recurring:${id}`, details: { name: input.name, frequency: input.frequency, mode: input.mode } });
  });
  return toTemplate(ctx, readTemplate(ctx, id));
}

export function updateTemplate(ctx: InvoicingContext, id: string, patch: Partial<TemplateInput> & { active?: boolean | undefined }): RecurringTemplate {
  const row = readTemplate(ctx, id);
  const current = toTemplate(ctx, row);
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => (value as unknown) !== undefined));
  const next: TemplateInput & { active: boolean } = { ...current, ...defined };
  const { currency } = validate(ctx, next);
  ctx.transaction(() => {
    ctx.db
      .prepare(
        `UPDATE recurring_templates SET name = ?, customer_id = ?, currency = ?, exchange_rate = ?, notes = ?, lines = ?, frequency = ?,
           start_date = ?, end_date = ?, mode = ?, allowances = ?, order_reference = ?, contract_reference = ?, service_period = ?, active = ?,
           updated_at = ? WHERE id = ?`,
      )
      .run(next.name, next.customerId, currency, next.exchangeRate ?? null, next.notes, JSON.stringify(next.lines), next.frequency,
        next.startDate, next.endDate ?? null, next.mode, JSON.stringify(next.allowances ?? []), next.orderReference ?? '', next.contractReference ?? '',
        next.servicePeriod ?? 'none', next.active ? 1 : 0, nowIso(ctx), id);
    ctx.audit({ action: 'recurring.update', subject: `recurring:${id}`, details: { fields: Object.keys(defined) } });
  });
  return toTemplate(ctx, readTemplate(ctx, id));
}

function isPrimaryKeyClash(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Creates (and, per template, issues) every period that is due and has not
 * run yet: after days offline it catches up all missed periods, oldest
 * first. The run row and its draft commit together, and the run's primary
 * key (template, period) refuses a second run even from another process.
 * An issue that fails leaves the draft for a person to fix and issue.
 */
/** How many periods are due and not yet run, across active templates. */
export function countDueRecurring(ctx: InvoicingContext): number {
  const until = today(ctx);
  const templates = ctx.db.prepare('SELECT * FROM recurring_templates WHERE active = 1').all() as TemplateRow[];
  const done = ctx.db.prepare('SELECT 1 FROM recurring_runs WHERE template_id = ? AND period = ?');
  let due = 0;
  for (const template of templates) {
    for (const { date } of periodsDue(template.start_date, template.frequency, template.end_date, until)) {
      if (!done.get(template.id, date)) due += 1;
    }
  }
  return due;
}

/** `eInvoice` issues each run in its customer's e-invoice format (issue 10); without it, plain PDFs. */
export async function runDueRecurring(ctx: InvoicingContext, eInvoice?: EInvoiceHook): Promise<RecurringRun> {
  const until = today(ctx);
  const created: { templateId: string; period: string; invoiceId: string; number: string | null }[] = [];
  const errors: { templateId: string; period: string; message: string }[] = [];
  const templates = ctx.db.prepare('SELECT * FROM recurring_templates WHERE active = 1 ORDER BY created_at').all() as TemplateRow[];
  for (const template of templates) {
    const done = ctx.db.prepare('SELECT 1 FROM recurring_runs WHERE template_id = ? AND period = ?');
    const terms = termsOf(template);
    for (const { date: period, index } of periodsDue(template.start_date, template.frequency, template.end_date, until)) {
      if (done.get(template.id, period)) continue;
      let invoiceId: string | null;
      try {
        invoiceId = ctx.transaction(() => {
          if (done.get(template.id, period)) return null;
          const draftId = insertDraft(
            ctx,
            {
              customerId: template.customer_id,
              currency: template.currency,
              exchangeRate: template.exchange_rate,
              issueDate: period,
              notes: template.notes,
              lines: linesSchema.parse(JSON.parse(template.lines)),
              allowances: terms.allowances,
              orderReference: terms.orderReference,
              contractReference: terms.contractReference,
              ...servicePeriodOf(template.start_date, template.frequency, index, terms.servicePeriod),
            },
            { recurring: template.id, period },
          );
          ctx.db.prepare('INSERT INTO recurring_runs (template_id, period, invoice_id, created_at) VALUES (?, ?, ?, ?)').run(template.id, period, draftId, nowIso(ctx));
          return draftId;
        });
      } catch (error) {
        if (isPrimaryKeyClash(error)) continue;
        errors.push({ templateId: template.id, period, message: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (invoiceId === null) continue;
      let number: string | null = null;
      if (template.mode === 'issue') {
        try {
          number = (await issueInvoice(ctx, invoiceId, eInvoice)).number;
        } catch (error) {
          errors.push({ templateId: template.id, period, message: `Draft created but not issued: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
      created.push({ templateId: template.id, period, invoiceId, number });
    }
  }
  return { created, errors };
}
