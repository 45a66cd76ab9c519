import { randomUUID } from 'node:crypto';
import type { Prefill } from '../receipts/text/index.js';
import type { Expense, ExpenseCategory } from '../../../src-shared/contract-receipts.js';
import { currencyExponent, DecimalFormatError, formatMoney, isCurrency, parseDecimal, parseMoney, percentOf, RATE_SCALE, roundHalfUp, sum, formatDecimalTrimmed } from '../../../src-shared/money.js';
import { maskPans } from '../audit/redact.js';
import { postPurchasePayments, postSource } from '../books/sources/index.js';
import { readProfile } from '../invoices/company.js';
import type { InvoicingContext } from '../invoices/context.js';
import { nowIso } from '../invoices/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { ExpenseRecord } from './read.js';
import { readExpense } from './read.js';

/**
 * Expense drafts, the review queue's edits and confirmation (issue 7 items
 * 10-11). Every change writes its audit row in the same transaction.
 */
export interface ExpenseInput {
  readonly date?: string | null | undefined;
  readonly supplier?: string | undefined;
  readonly currency?: string | undefined;
  readonly gross?: string | undefined;
  readonly vatRate?: string | undefined;
  readonly categoryId?: string | null | undefined;
  readonly vatId?: string | undefined;
  readonly notes?: string | undefined;
  readonly lines?: readonly { readonly categoryId: string | null; readonly description: string; readonly net: string; readonly vatRate: string }[] | undefined;
  readonly receiptIds?: readonly string[] | undefined;
}

export function companyCurrency(ctx: InvoicingContext): string {
  return readProfile(ctx).defaultCurrency;
}

/** Free text is stored with card numbers masked; `masked` says whether one was found. */
export function maskFree(text: string): { text: string; masked: boolean } {
  const masked = maskPans(text);
  return { text: masked, masked: masked !== text };
}

/** Inside the intake transaction: the empty draft that a receipt gets. */
export function insertReceiptDraft(ctx: InvoicingContext, receiptId: string, currency: string): string {
  const id = randomUUID();
  const at = nowIso(ctx);
  ctx.db
    .prepare(
      `INSERT INTO expenses (id, status, currency, source, created_at, created_by, updated_at) VALUES (?, 'draft', ?, 'receipt', ?, ?, ?)`,
    )
    .run(id, currency, at, ctx.actor, at);
  ctx.db.prepare('INSERT INTO expense_receipts (expense_id, receipt_id) VALUES (?, ?)').run(id, receiptId);
  return id;
}

/**
 * Prefills a receipt's draft from its text unless a person already edited
 * it. Values that do not parse are left out, never guessed.
 */
export function prefillDraft(ctx: InvoicingContext, expenseId: string, fields: Prefill, panFound: boolean): boolean {
  const current = readExpense(ctx.db, expenseId);
  if (!current || current.status !== 'draft' || current.updatedAt !== current.createdAt) return false;
  const currency = fields.currency !== undefined && isCurrency(fields.currency.toUpperCase()) ? fields.currency.toUpperCase() : current.currency;
  const gross = tryMoney(fields.total, currency);
  const vat = tryMoney(fields.vatAmount, currency);
  const rate = tryDecimal(fields.vatRate, RATE_SCALE);
  const supplier = maskFree((fields.supplier ?? '').slice(0, 200));
  const vatId = maskFree((fields.vatId ?? '').slice(0, 30));
  const date = fields.date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(fields.date) ? fields.date : null;
  const lines = gross === null ? [] : [prefillLine(gross, vat, rate)];
  const totals = totalsOf(lines, gross ?? 0n);
  ctx.db
    .prepare(
      `UPDATE expenses SET date = ?, supplier = ?, currency = ?, gross_minor = ?, net_minor = ?, vat_minor = ?, vat_id = ?, prefilled = 1, pan_masked = ?
       WHERE id = ? AND status = 'draft'`,
    )
    .run(date, supplier.text, currency, totals.gross, totals.net, totals.vat, vatId.text, panFound || supplier.masked || vatId.masked ? 1 : 0, expenseId);
  writeLines(ctx, expenseId, lines);
  return true;
}

interface LineValues {
  readonly categoryId: string | null;
  readonly description: string;
  readonly net: bigint;
  readonly rate: bigint;
  readonly vat: bigint;
}

/** Gross with a stated VAT amount splits exactly; with a rate only, net = gross / (1 + rate), half up. */
function prefillLine(gross: bigint, vat: bigint | null, rate: bigint | null): LineValues {
  if (vat !== null && vat < gross) {
    const net = gross - vat;
    // Rate implied by the amounts, in hundredths of a percent (one extra digit, then half up).
    const impliedRate = rate ?? (net === 0n ? 0n : roundHalfUp((vat * 10n ** BigInt(RATE_SCALE + 3)) / net, 1));
    return { categoryId: null, description: '', net, rate: impliedRate, vat };
  }
  if (rate !== null && rate > 0n) {
    const scale = 10n ** BigInt(RATE_SCALE + 2);
    const net = roundHalfUp((gross * scale * 10n) / (scale + rate), 1);
    return { categoryId: null, description: '', net, rate, vat: gross - net };
  }
  return { categoryId: null, description: '', net: gross, rate: 0n, vat: 0n };
}

function totalsOf(lines: readonly LineValues[], grossWithoutLines: bigint): { gross: bigint; net: bigint; vat: bigint } {
  if (lines.length === 0) return { gross: grossWithoutLines, net: grossWithoutLines, vat: 0n };
  const net = sum(lines.map((l) => l.net));
  const vat = sum(lines.map((l) => l.vat));
  return { gross: net + vat, net, vat };
}

function writeLines(ctx: InvoicingContext, expenseId: string, lines: readonly LineValues[]): void {
  ctx.db.prepare('DELETE FROM expense_lines WHERE expense_id = ?').run(expenseId);
  const insert = ctx.db.prepare(
    'INSERT INTO expense_lines (expense_id, position, category_id, description, net_minor, vat_rate, vat_minor) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  lines.forEach((line, position) => insert.run(expenseId, position, line.categoryId, line.description, line.net, line.rate, line.vat));
}

function tryMoney(text: string | undefined, currency: string): bigint | null {
  return text === undefined ? null : tryParse(() => parseMoney(text.trim(), currency, { label: 'amount' }));
}
function tryDecimal(text: string | undefined, scale: number): bigint | null {
  return text === undefined ? null : tryParse(() => parseDecimal(text.trim(), scale, { label: 'rate' }));
}
function tryParse(parse: () => bigint): bigint | null {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DecimalFormatError) return null;
    throw error;
  }
}

/** An expense entered by hand. */
export function createManualExpense(ctx: InvoicingContext, input: ExpenseInput): Expense {
  const id = randomUUID();
  const at = nowIso(ctx);
  ctx.transaction(() => {
    ctx.db
      .prepare(`INSERT INTO expenses (id, status, currency, source, created_at, created_by, updated_at) VALUES (?, 'draft', ?, 'manual', ?, ?, ?)`)
      .run(id, (input.currency ?? companyCurrency(ctx)).toUpperCase(), at, ctx.actor, at);
    applyInput(ctx, id, input, '');
    ctx.audit({ action: 'expenses.create', subject: `expense:${id}` });
  });
  return getExpense(ctx, id);
}

export function updateExpense(ctx: InvoicingContext, id: string, input: ExpenseInput): Expense {
  ctx.transaction(() => {
    const current = requireDraft(ctx, id);
    applyInput(ctx, id, input, nowIso(ctx), current);
    ctx.audit({ action: 'expenses.update', subject: `expense:${id}`, details: { fields: Object.keys(input) } });
  });
  return getExpense(ctx, id);
}

function requireDraft(ctx: InvoicingContext, id: string): ExpenseRecord {
  const current = readExpense(ctx.db, id);
  if (!current) throw new NotFoundError(`There is no expense ${id}.`);
  if (current.status !== 'draft') throw new ConflictError('This expense is confirmed and can no longer change.');
  return current;
}

function applyInput(ctx: InvoicingContext, id: string, input: ExpenseInput, updatedAt: string, current?: ExpenseRecord): void {
  const currency = (input.currency ?? current?.currency ?? companyCurrency(ctx)).toUpperCase();
  if (!isCurrency(currency)) throw new ValidationError(`${currency} is not a currency Sealbook knows.`, { currency: 'Use a currency code like EUR.' });
  const gross = input.gross !== undefined ? money(input.gross, currency, 'gross') : (current?.grossMinor ?? 0n);
  const lines = input.lines?.map((line, index) => lineValues(ctx, currency, line, index)) ?? singleLine(ctx, input, gross, current);
  const keptLines = lines ?? current?.lines.map((l) => ({ categoryId: l.categoryId, description: l.description, net: l.netMinor, rate: l.vatRate, vat: l.vatMinor })) ?? [];
  const totals = totalsOf(keptLines, gross);
  const supplier = maskFree(input.supplier ?? current?.supplier ?? '');
  const vatId = maskFree(input.vatId ?? current?.vatId ?? '');
  const notes = maskFree(input.notes ?? current?.notes ?? '');
  const panMasked = (current?.panMasked ?? false) || supplier.masked || vatId.masked || notes.masked;
  ctx.db
    .prepare(
      `UPDATE expenses SET date = ?, supplier = ?, currency = ?, gross_minor = ?, net_minor = ?, vat_minor = ?, vat_id = ?, notes = ?, pan_masked = ?,
         updated_at = CASE WHEN ? = '' THEN updated_at ELSE ? END WHERE id = ?`,
    )
    .run(input.date === undefined ? (current?.date ?? null) : input.date, supplier.text, currency, totals.gross, totals.net, totals.vat, vatId.text, notes.text, panMasked ? 1 : 0, updatedAt, updatedAt, id);
  if (lines) writeLines(ctx, id, lines);
  if (input.receiptIds) linkReceipts(ctx, id, input.receiptIds);
}

/** The review form's shape: one gross amount at one rate in one category, split like a prefill. */
function singleLine(ctx: InvoicingContext, input: ExpenseInput, gross: bigint, current?: ExpenseRecord): LineValues[] | undefined {
  if (input.vatRate === undefined && input.categoryId === undefined && input.gross === undefined) return undefined;
  const first = current?.lines[0];
  const rate = input.vatRate !== undefined ? parseDecimal(input.vatRate, RATE_SCALE, { label: 'VAT rate' }) : (first?.vatRate ?? 0n);
  const categoryId = input.categoryId !== undefined ? input.categoryId : (first?.categoryId ?? null);
  requireCategory(ctx, categoryId, 'categoryId');
  return [{ ...prefillLine(gross, null, rate), categoryId, description: first?.description ?? '' }];
}

function lineValues(ctx: InvoicingContext, currency: string, line: NonNullable<ExpenseInput['lines']>[number], index: number): LineValues {
  const net = money(line.net, currency, `lines.${index}.net`);
  const rate = parseDecimal(line.vatRate, RATE_SCALE, { label: 'VAT rate' });
  requireCategory(ctx, line.categoryId, `lines.${index}.categoryId`);
  return { categoryId: line.categoryId, description: maskFree(line.description).text, net, rate, vat: percentOf(net, rate) };
}

function requireCategory(ctx: InvoicingContext, id: string | null, field: string): void {
  if (id !== null && !ctx.db.prepare('SELECT 1 FROM expense_categories WHERE id = ?').get(id)) {
    throw new ValidationError('That category does not exist; choose another or create it first.', { [field]: 'Unknown category.' });
  }
}

function money(text: string, currency: string, field: string): bigint {
  try {
    return parseMoney(text, currency, { label: 'Amount', allowNegative: true });
  } catch (error) {
    if (error instanceof DecimalFormatError) {
      throw new ValidationError(`${field}: ${error.message}`, { [field]: `Use at most ${currencyExponent(currency)} decimals.` });
    }
    throw error;
  }
}

function linkReceipts(ctx: InvoicingContext, id: string, receiptIds: readonly string[]): void {
  for (const receiptId of receiptIds) {
    if (!ctx.db.prepare('SELECT 1 FROM receipts WHERE id = ?').get(receiptId)) throw new ValidationError(`There is no receipt ${receiptId}.`, { receiptIds: 'Unknown receipt.' });
    const other = ctx.db.prepare('SELECT e.id, e.status FROM expense_receipts r JOIN expenses e ON e.id = r.expense_id WHERE r.receipt_id = ?').get(receiptId) as
      | { id: string; status: string }
      | undefined;
    if (other && other.id !== id && other.status === 'confirmed') throw new ConflictError('That receipt belongs to a confirmed expense.');
  }
  ctx.db.prepare('DELETE FROM expense_receipts WHERE expense_id = ?').run(id);
  for (const receiptId of receiptIds) {
    const previous = ctx.db.prepare('SELECT expense_id FROM expense_receipts WHERE receipt_id = ?').get(receiptId) as { expense_id: string } | undefined;
    ctx.db.prepare('DELETE FROM expense_receipts WHERE receipt_id = ?').run(receiptId);
    // A receipt moved onto this expense leaves its own untouched empty draft behind: drop that draft.
    if (previous) dropEmptyDraft(ctx, previous.expense_id);
    ctx.db.prepare('INSERT INTO expense_receipts (expense_id, receipt_id) VALUES (?, ?)').run(id, receiptId);
  }
}

function dropEmptyDraft(ctx: InvoicingContext, expenseId: string): void {
  const left = ctx.db.prepare('SELECT count(*) AS n FROM expense_receipts WHERE expense_id = ?').get(expenseId) as { n: number };
  if (left.n > 0) return;
  ctx.db.prepare(`DELETE FROM expenses WHERE id = ? AND status = 'draft' AND source = 'receipt' AND gross_minor = 0`).run(expenseId);
}

/** Only owner and accountant reach this (expenses.confirm); the expense must be complete. */
export function confirmExpense(ctx: InvoicingContext, id: string): Expense {
  ctx.transaction(() => {
    const current = requireDraft(ctx, id);
    const fields: Record<string, string> = {};
    if (current.date === null) fields.date = 'Enter the date on the receipt.';
    if (current.supplier.trim() === '') fields.supplier = 'Enter the supplier.';
    if (current.grossMinor === 0n) fields.gross = 'Enter the amount.';
    if (Object.keys(fields).length > 0) throw new ValidationError(`Complete the expense before confirming: ${Object.values(fields).join(' ')}`, fields);
    const at = nowIso(ctx);
    ctx.db.prepare(`UPDATE expenses SET status = 'confirmed', confirmed_at = ?, confirmed_by = ?, updated_at = ? WHERE id = ?`).run(at, ctx.actor, at, id);
    ctx.audit({ action: 'expenses.confirm', subject: `expense:${id}`, details: { gross: formatMoney(current.grossMinor, current.currency), currency: current.currency } });
    // Into the books in the same transaction (a no-op while the books are off; a closed period refuses the confirmation).
    postSource(ctx, 'expense', id);
    postPurchasePayments(ctx, 'expense', id);
  });
  return getExpense(ctx, id);
}

export function getExpense(ctx: InvoicingContext, id: string): Expense {
  const record = readExpense(ctx.db, id);
  if (!record) throw new NotFoundError(`There is no expense ${id}.`);
  return toDto(record);
}

export function toDto(record: ExpenseRecord): Expense {
  const m = (value: bigint): string => formatMoney(value, record.currency);
  return {
    id: record.id,
    status: record.status,
    date: record.date,
    supplier: record.supplier,
    currency: record.currency,
    gross: m(record.grossMinor),
    net: m(record.netMinor),
    vat: m(record.vatMinor),
    vatId: record.vatId,
    notes: record.notes,
    source: record.source,
    lines: record.lines.map((l) => ({
      categoryId: l.categoryId,
      categoryName: l.categoryName,
      description: l.description,
      net: m(l.netMinor),
      vatRate: formatDecimalTrimmed(l.vatRate, RATE_SCALE),
      vat: m(l.vatMinor),
    })),
    receiptIds: record.receiptIds,
    prefilled: record.prefilled,
    panMasked: record.panMasked,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    confirmedAt: record.confirmedAt,
    confirmedBy: record.confirmedBy,
  };
}

export function listCategories(ctx: InvoicingContext): ExpenseCategory[] {
  return ctx.db.prepare('SELECT id, name FROM expense_categories ORDER BY name').all() as ExpenseCategory[];
}

export function createCategory(ctx: InvoicingContext, name: string): ExpenseCategory {
  const clean = maskFree(name.trim()).text;
  if (ctx.db.prepare('SELECT 1 FROM expense_categories WHERE name = ?').get(clean)) throw new ConflictError(`There is already a category "${clean}".`);
  const category = { id: randomUUID(), name: clean };
  ctx.transaction(() => {
    ctx.db.prepare('INSERT INTO expense_categories (id, name, created_at) VALUES (?, ?, ?)').run(category.id, category.name, nowIso(ctx));
    ctx.audit({ action: 'expenses.createCategory', subject: `category:${category.id}`, details: { name: category.name } });
  });
  return category;
}
