import type Database from 'better-sqlite3-multiple-ciphers';
import type { ExpenseStatus } from '../../../src-shared/contract-receipts.js';

export interface ExpenseLineRecord {
  readonly categoryId: string | null;
  readonly categoryName: string | null;
  readonly description: string;
  readonly netMinor: bigint;
  /** Hundredths of a percent: 1900 is 19 %. */
  readonly vatRate: bigint;
  readonly vatMinor: bigint;
}

export interface ExpenseRecord {
  readonly id: string;
  readonly status: ExpenseStatus;
  readonly date: string | null;
  readonly supplier: string;
  readonly vatId: string;
  readonly notes: string;
  readonly currency: string;
  readonly grossMinor: bigint;
  readonly netMinor: bigint;
  readonly vatMinor: bigint;
  readonly source: 'receipt' | 'manual';
  readonly prefilled: boolean;
  readonly panMasked: boolean;
  readonly lines: readonly ExpenseLineRecord[];
  readonly receiptIds: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly confirmedAt: string | null;
  readonly confirmedBy: string | null;
}

export interface ExpenseFilter {
  readonly status?: ExpenseStatus;
  /** Inclusive ISO dates on the expense date. */
  readonly from?: string;
  readonly to?: string;
  readonly offset?: number;
  readonly limit?: number;
}

interface Row {
  id: string;
  status: ExpenseStatus;
  date: string | null;
  supplier: string;
  vat_id: string;
  notes: string;
  currency: string;
  gross_minor: bigint;
  net_minor: bigint;
  vat_minor: bigint;
  source: 'receipt' | 'manual';
  prefilled: bigint;
  pan_masked: bigint;
  created_at: string;
  created_by: string;
  updated_at: string;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

const WHERE = `WHERE (@status IS NULL OR status = @status) AND (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to)`;

export function readExpenses(db: Database.Database, filter: ExpenseFilter = {}): ExpenseRecord[] {
  const rows = db
    .prepare(`SELECT * FROM expenses ${WHERE} ORDER BY status = 'confirmed', COALESCE(date, created_at), created_at, id LIMIT @limit OFFSET @offset`)
    .safeIntegers(true)
    .all(params(filter)) as Row[];
  return rows.map((row) => toRecord(db, row));
}

export function countExpenses(db: Database.Database, filter: ExpenseFilter = {}): number {
  const row = db.prepare(`SELECT count(*) AS n FROM expenses ${WHERE}`).get(params(filter)) as { n: number };
  return row.n;
}

export function readExpense(db: Database.Database, id: string): ExpenseRecord | null {
  const row = db.prepare('SELECT * FROM expenses WHERE id = ?').safeIntegers(true).get(id) as Row | undefined;
  return row ? toRecord(db, row) : null;
}

function params(filter: ExpenseFilter): Record<string, string | number | null> {
  return { status: filter.status ?? null, from: filter.from ?? null, to: filter.to ?? null, limit: filter.limit ?? -1, offset: filter.offset ?? 0 };
}

function toRecord(db: Database.Database, row: Row): ExpenseRecord {
  const lines = db
    .prepare(
      `SELECT l.category_id, c.name AS category_name, l.description, l.net_minor, l.vat_rate, l.vat_minor
       FROM expense_lines l LEFT JOIN expense_categories c ON c.id = l.category_id WHERE l.expense_id = ? ORDER BY l.position`,
    )
    .safeIntegers(true)
    .all(row.id) as { category_id: string | null; category_name: string | null; description: string; net_minor: bigint; vat_rate: bigint; vat_minor: bigint }[];
  const receipts = db.prepare('SELECT receipt_id FROM expense_receipts WHERE expense_id = ? ORDER BY receipt_id').all(row.id) as { receipt_id: string }[];
  return {
    id: row.id,
    status: row.status,
    date: row.date,
    supplier: row.supplier,
    vatId: row.vat_id,
    notes: row.notes,
    currency: row.currency,
    grossMinor: row.gross_minor,
    netMinor: row.net_minor,
    vatMinor: row.vat_minor,
    source: row.source,
    prefilled: row.prefilled === 1n,
    panMasked: row.pan_masked === 1n,
    lines: lines.map((l) => ({
      categoryId: l.category_id,
      categoryName: l.category_name,
      description: l.description,
      netMinor: l.net_minor,
      vatRate: l.vat_rate,
      vatMinor: l.vat_minor,
    })),
    receiptIds: receipts.map((r) => r.receipt_id),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    confirmedAt: row.confirmed_at,
    confirmedBy: row.confirmed_by,
  };
}
