import { z } from 'zod';
import type {
  Invoice,
  InvoiceKind,
  InvoiceLine,
  InvoiceStatus,
  InvoiceSummary,
  InvoiceTotals,
  PartySnapshot,
  Payment,
  PaymentMethod,
} from '../../../src-shared/contract-invoicing.js';
import { PRICE_SCALE, QUANTITY_SCALE, RATE_SCALE, currencyExponent, formatDecimal, formatDecimalTrimmed, formatMoney } from '../../../src-shared/money.js';
import { NotFoundError } from '../errors.js';
import type { InvoicingContext } from './context.js';
import { today } from './context.js';
import type { AllowanceSpec } from './allowances.js';
import { formatAllowance } from './allowances.js';
import type { ParsedLine } from './totals.js';

/**
 * Reads invoices with their derived status. Status is never stored: it
 * follows from state, payments, credit notes and the (injected) date, in
 * this one SQL expression, so the list filter and the detail agree.
 */
const DERIVED = `
  WITH sums AS (
    SELECT i.*,
      COALESCE((SELECT SUM(p.amount) FROM invoice_payments p WHERE p.invoice_id = i.id), 0) AS paid,
      COALESCE((SELECT SUM(c.gross) FROM invoices c WHERE c.credited_id = i.id AND c.state = 'issued'), 0) AS credited
    FROM invoices i
  ), derived AS (
    SELECT sums.*,
      CASE
        WHEN state = 'draft' THEN 'draft'
        WHEN kind = 'credit_note' THEN 'issued'
        WHEN credited >= gross THEN 'credited'
        WHEN paid + credited >= gross THEN 'paid'
        WHEN due_date < @today THEN 'overdue'
        WHEN paid > 0 THEN 'partially_paid'
        ELSE 'issued'
      END AS status,
      CASE WHEN state = 'issued' AND kind = 'invoice' THEN MAX(gross - paid - credited, 0) ELSE 0 END AS balance
    FROM sums
  )`;

export interface InvoiceRow {
  id: string;
  kind: InvoiceKind;
  state: 'draft' | 'issued';
  number: string | null;
  customer_id: string;
  customer: string;
  seller: string | null;
  currency: string;
  exchange_rate: string | null;
  issue_date: string | null;
  due_date: string | null;
  notes: string;
  order_reference: string;
  contract_reference: string;
  delivery_date: string | null;
  period_start: string | null;
  period_end: string | null;
  net: number;
  vat: number;
  gross: number;
  totals: string;
  credited_id: string | null;
  credit_reason: string | null;
  pdf_blob_id: string | null;
  sha256: string | null;
  issued_at: string | null;
  created_at: string;
  updated_at: string;
  status: InvoiceStatus;
  balance: number;
  paid: number;
}

interface LineRow {
  description: string;
  quantity: number;
  unit: string;
  unit_price: number;
  vat_rate: number;
  exemption_reason: string | null;
  discount: number;
  net: number;
}

const addressSchema = z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() });
const partySchema = z.object({ name: z.string(), address: addressSchema, vatId: z.string() });

export function parseParty(json: string): PartySnapshot {
  return partySchema.parse(JSON.parse(json));
}

/** Unit prices print with the currency's decimals at least: 100 -> "100.00", 0.1234 stays. */
export function formatPrice(value: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const full = formatDecimal(value, PRICE_SCALE);
  const trimmed = full.replace(/0+$/, '');
  const [whole = '', fraction = ''] = trimmed.split('.');
  return exponent === 0 && fraction === '' ? whole : `${whole}.${fraction.padEnd(exponent, '0')}`;
}

export function readRow(ctx: InvoicingContext, id: string): InvoiceRow {
  const row = ctx.db.prepare(`${DERIVED} SELECT * FROM derived WHERE id = @id`).get({ id, today: today(ctx) }) as InvoiceRow | undefined;
  if (!row) throw new NotFoundError('This invoice does not exist (any more). Reload the invoice list.');
  return row;
}

export function readParsedLines(ctx: InvoicingContext, id: string): ParsedLine[] {
  const rows = ctx.db.prepare('SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY position').all(id) as LineRow[];
  return rows.map((row) => ({
    description: row.description,
    quantity: BigInt(row.quantity),
    unit: row.unit,
    unitPrice: BigInt(row.unit_price),
    vatRate: BigInt(row.vat_rate),
    exemptionReason: row.exemption_reason,
    discount: BigInt(row.discount),
  }));
}

interface AllowanceRow {
  charge: number;
  reason: string;
  reason_code: string | null;
  vat_rate: number;
  exemption_reason: string | null;
  percent: number | null;
  base: number | null;
  amount: number;
}

/** The stored allowances and charges; a percentage keeps its stored base, so recomputing gives the stored amount. */
export function readAllowanceSpecs(ctx: InvoicingContext, id: string): AllowanceSpec[] {
  const rows = ctx.db.prepare('SELECT * FROM invoice_allowances WHERE invoice_id = ? ORDER BY position').all(id) as AllowanceRow[];
  return rows.map((row) => ({
    charge: row.charge === 1,
    reason: row.reason,
    reasonCode: row.reason_code,
    vatRate: BigInt(row.vat_rate),
    exemptionReason: row.exemption_reason,
    percent: row.percent === null ? null : BigInt(row.percent),
    base: row.base === null ? null : BigInt(row.base),
    amount: BigInt(row.amount),
  }));
}

export function formatLine(line: ParsedLine, net: bigint, currency: string): InvoiceLine {
  return {
    description: line.description,
    quantity: formatDecimalTrimmed(line.quantity, QUANTITY_SCALE),
    unit: line.unit,
    unitPrice: formatPrice(line.unitPrice, currency),
    vatRate: formatDecimalTrimmed(line.vatRate, RATE_SCALE),
    exemptionReason: line.exemptionReason,
    discount: line.discount === 0n ? null : formatMoney(line.discount, currency),
    net: formatMoney(net, currency),
  };
}

function summary(row: InvoiceRow): InvoiceSummary {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    status: row.status,
    customerId: row.customer_id,
    customerName: parseParty(row.customer).name,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    currency: row.currency,
    gross: formatMoney(BigInt(row.gross), row.currency),
    balance: formatMoney(BigInt(row.balance), row.currency),
  };
}

export function getInvoice(ctx: InvoicingContext, id: string): Invoice {
  const row = readRow(ctx, id);
  const lineRows = ctx.db.prepare('SELECT net FROM invoice_lines WHERE invoice_id = ? ORDER BY position').all(id) as { net: number }[];
  const lines = readParsedLines(ctx, id).map((line, i) => formatLine(line, BigInt(lineRows[i]?.net ?? 0), row.currency));
  const payments = ctx.db
    .prepare('SELECT id, amount, date, method, reference FROM invoice_payments WHERE invoice_id = ? ORDER BY date, created_at')
    .all(id) as { id: string; amount: number; date: string; method: PaymentMethod; reference: string }[];
  const credited = row.credited_id
    ? (ctx.db.prepare('SELECT id, number FROM invoices WHERE id = ?').get(row.credited_id) as { id: string; number: string })
    : null;
  const creditNotes = ctx.db
    .prepare("SELECT id, number, gross FROM invoices WHERE credited_id = ? AND state = 'issued' ORDER BY number")
    .all(id) as { id: string; number: string; gross: number }[];
  return {
    ...summary(row),
    customer: parseParty(row.customer),
    exchangeRate: row.exchange_rate,
    notes: row.notes,
    lines,
    allowances: readAllowanceSpecs(ctx, id).map((spec) => formatAllowance({ ...spec, amount: spec.amount ?? 0n }, row.currency)),
    deliveryDate: row.delivery_date,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    orderReference: row.order_reference,
    contractReference: row.contract_reference,
    totals: JSON.parse(row.totals) as InvoiceTotals,
    payments: payments.map((p): Payment => ({ ...p, amount: formatMoney(BigInt(p.amount), row.currency) })),
    creditedInvoice: credited,
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, gross: formatMoney(BigInt(c.gross), row.currency) })),
    sha256: row.sha256,
    issuedAt: row.issued_at,
    createdAt: row.created_at,
  };
}

export interface InvoiceFilter {
  readonly status?: InvoiceStatus | undefined;
  readonly kind?: InvoiceKind | undefined;
  readonly customerId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly search?: string | undefined;
}

/** Newest first; drafts (no issue date yet) on top. Search matches number, customer name and notes. */
export function listInvoices(
  ctx: InvoicingContext,
  filter: InvoiceFilter,
  offset: number,
  limit: number,
): { rows: InvoiceSummary[]; total: number } {
  const params = {
    today: today(ctx),
    status: filter.status ?? null,
    kind: filter.kind ?? null,
    customerId: filter.customerId ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    search: filter.search ? `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
    offset,
    limit,
  };
  const where = `
    WHERE (@status IS NULL OR status = @status)
      AND (@kind IS NULL OR kind = @kind)
      AND (@customerId IS NULL OR customer_id = @customerId)
      AND (@from IS NULL OR issue_date >= @from)
      AND (@to IS NULL OR issue_date <= @to)
      AND (@search IS NULL OR number LIKE @search ESCAPE '\\' OR json_extract(customer, '$.name') LIKE @search ESCAPE '\\'
           OR notes LIKE @search ESCAPE '\\')`;
  const rows = ctx.db
    .prepare(`${DERIVED} SELECT * FROM derived ${where} ORDER BY issue_date IS NOT NULL, issue_date DESC, number DESC, created_at DESC LIMIT @limit OFFSET @offset`)
    .all(params) as InvoiceRow[];
  const { total } = ctx.db.prepare(`${DERIVED} SELECT count(*) AS total FROM derived ${where}`).get(params) as { total: number };
  return { rows: rows.map(summary), total };
}
