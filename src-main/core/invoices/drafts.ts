import { randomUUID } from 'node:crypto';
import type { DocumentAllowanceInput, DraftTotals, Invoice, InvoiceLineInput } from '../../../src-shared/contract-invoicing.js';
import { formatMoney } from '../../../src-shared/money.js';
import { ConflictError, ValidationError } from '../errors.js';
import { readProfile } from './company.js';
import type { InvoicingContext } from './context.js';
import { nowIso } from './context.js';
import type { CustomerInput } from './customers.js';
import { getCustomer, insertCustomer } from './customers.js';
import type { ResolvedAllowance } from './allowances.js';
import { parseAllowances } from './allowances.js';
import { addDays, isRealDate } from './dates.js';
import { getInvoice, readRow } from './store.js';
import type { ParsedLine, Totals } from './totals.js';
import { computeTotals, formatTotals, parseExchangeRate, parseLines } from './totals.js';

export interface DraftInput {
  readonly customerId?: string | undefined;
  /** A new customer, created with the draft. */
  readonly customer?: CustomerInput | undefined;
  readonly currency?: string | undefined;
  readonly exchangeRate?: string | null | undefined;
  readonly issueDate?: string | null | undefined;
  readonly dueDate?: string | null | undefined;
  readonly notes?: string | undefined;
  readonly lines: readonly InvoiceLineInput[];
  readonly allowances?: readonly DocumentAllowanceInput[] | undefined;
  readonly deliveryDate?: string | null | undefined;
  readonly periodStart?: string | null | undefined;
  readonly periodEnd?: string | null | undefined;
  readonly orderReference?: string | undefined;
  readonly contractReference?: string | undefined;
}

export const IMMUTABLE_MESSAGE =
  'This invoice is issued and sealed, so it cannot be changed. To correct it, issue a credit note and then a new invoice.';

interface Prepared {
  readonly currency: string;
  readonly exchangeRate: string | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly deliveryDate: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly lines: ParsedLine[];
  readonly totals: Totals;
}

/** Validates a draft and computes its totals; no DB writes. */
export function prepareDraft(ctx: InvoicingContext, input: DraftInput): Prepared {
  const profile = readProfile(ctx);
  const currency = (input.currency ?? profile.defaultCurrency).toUpperCase();
  const lines = parseLines(input.lines, currency);
  const allowances = parseAllowances(input.allowances ?? [], currency);
  const rate = parseExchangeRate(currency, { companyCurrency: profile.defaultCurrency, exchangeRate: input.exchangeRate ?? null });
  const fields: Record<string, string> = {};
  for (const key of ['issueDate', 'dueDate', 'deliveryDate', 'periodStart', 'periodEnd'] as const) {
    const value = input[key];
    if (value && !isRealDate(value)) fields[key] = `'${value}' is not a calendar date.`;
  }
  const issueDate = input.issueDate ?? null;
  // Due date from payment terms when the draft does not state one.
  const dueDate = input.dueDate ?? (issueDate && isRealDate(issueDate) ? addDays(issueDate, profile.paymentTermsDays) : null);
  if (issueDate && dueDate && fields.issueDate === undefined && fields.dueDate === undefined && dueDate < issueDate) {
    fields.dueDate = 'The due date cannot be before the issue date.';
  }
  // BR-29: the invoicing period ends on or after its start.
  if (input.periodStart && input.periodEnd && fields.periodStart === undefined && fields.periodEnd === undefined && input.periodEnd < input.periodStart) {
    fields.periodEnd = 'The end of the invoicing period cannot be before its start.';
  }
  const [first] = Object.values(fields);
  if (first !== undefined) throw new ValidationError(first, fields);
  return {
    currency,
    exchangeRate: currency === profile.defaultCurrency ? null : (input.exchangeRate ?? null),
    issueDate,
    dueDate,
    deliveryDate: input.deliveryDate ?? null,
    periodStart: input.periodStart ?? null,
    periodEnd: input.periodEnd ?? null,
    lines,
    totals: computeTotals(lines, currency, rate, profile.defaultCurrency, allowances),
  };
}

/**
 * The editor's live totals: the same validation (field paths like
 * `lines.0.unitPrice`) and EN 16931 totals a save stores, with no DB write
 * and no audit row, so typing does not flood the audit log.
 */
export function draftTotals(ctx: InvoicingContext, input: DraftInput): DraftTotals {
  const prepared = prepareDraft(ctx, input);
  return {
    totals: formatTotals(prepared.totals),
    lineNets: prepared.totals.lineNets.map((net) => formatMoney(net, prepared.currency)),
    dueDate: prepared.dueDate,
  };
}

/** Replaces the document allowances and charges of a draft (or a document being issued). */
export function writeAllowances(ctx: InvoicingContext, id: string, allowances: readonly ResolvedAllowance[]): void {
  ctx.db.prepare('DELETE FROM invoice_allowances WHERE invoice_id = ?').run(id);
  const insert = ctx.db.prepare(
    `INSERT INTO invoice_allowances (invoice_id, position, charge, reason, reason_code, vat_rate, exemption_reason, percent, base, amount)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  allowances.forEach((a, position) => {
    insert.run(id, position, a.charge ? 1 : 0, a.reason, a.reasonCode, a.vatRate, a.exemptionReason, a.percent, a.base, a.amount);
  });
}

/** Replaces the lines of a draft (or a document being issued) with the parsed ones. */
export function writeLines(ctx: InvoicingContext, id: string, lines: readonly ParsedLine[], nets: readonly bigint[]): void {
  ctx.db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(id);
  const insert = ctx.db.prepare(
    `INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit, unit_price, vat_rate, exemption_reason, discount, net)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  lines.forEach((line, position) => {
    insert.run(id, position, line.description, line.quantity, line.unit, line.unitPrice, line.vatRate, line.exemptionReason, line.discount, nets[position] ?? 0n);
  });
}

function resolveCustomer(ctx: InvoicingContext, input: DraftInput): { id: string; snapshot: string } {
  const customer = input.customerId ? getCustomer(ctx, input.customerId) : input.customer ? insertCustomer(ctx, input.customer) : null;
  if (!customer) throw new ValidationError('Choose a customer.', { customerId: 'Choose a customer.' });
  return { id: customer.id, snapshot: JSON.stringify({ name: customer.name, address: customer.address, vatId: customer.vatId }) };
}

/** Inserts a draft inside the caller's transaction (used by recurring runs too). */
export function insertDraft(ctx: InvoicingContext, input: DraftInput, audit: Record<string, unknown> = {}): string {
  const prepared = prepareDraft(ctx, input);
  const customer = resolveCustomer(ctx, input);
  const id = randomUUID();
  const at = nowIso(ctx);
  const { totals } = prepared;
  ctx.db
    .prepare(
      `INSERT INTO invoices (id, kind, state, customer_id, customer, currency, exchange_rate, issue_date, due_date, notes,
         order_reference, contract_reference, delivery_date, period_start, period_end, net, vat, gross, totals, created_at, updated_at)
       VALUES (?, 'invoice', 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, customer.id, customer.snapshot, prepared.currency, prepared.exchangeRate, prepared.issueDate, prepared.dueDate,
      input.notes ?? '', input.orderReference ?? '', input.contractReference ?? '', prepared.deliveryDate, prepared.periodStart, prepared.periodEnd,
      totals.net, totals.vat, totals.gross, JSON.stringify(formatTotals(totals)), at, at);
  writeLines(ctx, id, prepared.lines, totals.lineNets);
  writeAllowances(ctx, id, totals.allowances);
  ctx.audit({ action: 'invoices.createDraft', subject: `invoice:${id}`, details: { gross: formatTotals(totals).gross, currency: prepared.currency, ...audit } });
  return id;
}

export function createDraft(ctx: InvoicingContext, input: DraftInput): Invoice {
  const id = ctx.transaction(() => insertDraft(ctx, input));
  return getInvoice(ctx, id);
}

function requireDraft(ctx: InvoicingContext, id: string): void {
  const row = readRow(ctx, id);
  if (row.state !== 'draft') throw new ConflictError(IMMUTABLE_MESSAGE);
}

export function updateDraft(ctx: InvoicingContext, id: string, input: DraftInput): Invoice {
  ctx.transaction(() => {
    requireDraft(ctx, id);
    const prepared = prepareDraft(ctx, input);
    const customer = resolveCustomer(ctx, input);
    const { totals } = prepared;
    ctx.db
      .prepare(
        `UPDATE invoices SET customer_id = ?, customer = ?, currency = ?, exchange_rate = ?, issue_date = ?, due_date = ?,
           notes = ?, order_reference = ?, contract_reference = ?, delivery_date = ?, period_start = ?, period_end = ?,
           net = ?, vat = ?, gross = ?, totals = ?, updated_at = ? WHERE id = ? AND state = 'draft'`,
      )
      .run(customer.id, customer.snapshot, prepared.currency, prepared.exchangeRate, prepared.issueDate, prepared.dueDate,
        input.notes ?? '', input.orderReference ?? '', input.contractReference ?? '', prepared.deliveryDate, prepared.periodStart, prepared.periodEnd,
        totals.net, totals.vat, totals.gross, JSON.stringify(formatTotals(totals)), nowIso(ctx), id);
    writeLines(ctx, id, prepared.lines, totals.lineNets);
    writeAllowances(ctx, id, totals.allowances);
    ctx.audit({ action: 'invoices.updateDraft', subject: `invoice:${id}`, details: { gross: formatTotals(totals).gross } });
  });
  return getInvoice(ctx, id);
}

export function deleteDraft(ctx: InvoicingContext, id: string): void {
  ctx.transaction(() => {
    requireDraft(ctx, id);
    ctx.db.prepare("DELETE FROM invoices WHERE id = ? AND state = 'draft'").run(id);
    ctx.audit({ action: 'invoices.deleteDraft', subject: `invoice:${id}` });
  });
}
