import type { BankTransaction, TransactionPage } from '../../../src-shared/bank.js';
import { ValidationError } from '../errors.js';
import type { BankContext } from './context.js';
import { money, toMinor } from './amounts.js';

export interface TransactionFilter {
  readonly accountId?: string | undefined;
  readonly search?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Decimal strings in the account's currency (two decimals when no account is chosen). */
  readonly minAmount?: string | undefined;
  readonly maxAmount?: string | undefined;
  readonly matched?: boolean | undefined;
  readonly categoryId?: string | null | undefined;
}

interface Row {
  id: number;
  account_id: string;
  account_name: string;
  currency: string;
  booking_date: string;
  value_date: string | null;
  amount: number;
  payee: string;
  text: string;
  reference: string;
  category_id: string | null;
  category: string | null;
  matched: number;
}

/**
 * Search-as-you-type: every word the user typed must start a word of the
 * payee, text or reference ("mül rech" finds "Müller GmbH Rechnung 42").
 * Words are quoted, so FTS5 syntax typed by the user is plain text.
 */
export function ftsQuery(search: string): string | null {
  const words = search.normalize('NFC').split(/[\s"*()^:+-]+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

function cursorOf(row: { booking_date: string; id: number }): string {
  return Buffer.from(`${row.booking_date}|${String(row.id)}`).toString('base64url');
}

function parseCursor(cursor: string): { date: string; id: number } {
  const [date = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d+$/.test(id)) throw new ValidationError('This page marker is not valid; start from the first page.');
  return { date, id: Number(id) };
}

function amountBound(ctx: BankContext, text: string | undefined, accountId: string | undefined, label: string): bigint | null {
  if (text === undefined || text.trim() === '') return null;
  const currency = accountId
    ? ((ctx.db.prepare('SELECT currency FROM bank_accounts WHERE id = ?').get(accountId) as { currency: string } | undefined)?.currency ?? 'EUR')
    : 'EUR';
  const value = toMinor(text.trim().replace(',', '.'), currency);
  if (typeof value === 'string') throw new ValidationError(`${label}: ${value}`, { [label === 'From amount' ? 'minAmount' : 'maxAmount']: value });
  return value;
}

/** One page, newest first, by keyset (booking date, id): page 10,000 costs what page 1 costs. */
export function listTransactions(ctx: BankContext, filter: TransactionFilter, cursor: string | null, limit: number): TransactionPage {
  const query = filter.search ? ftsQuery(filter.search) : null;
  const after = cursor ? parseCursor(cursor) : null;
  const params = {
    account: filter.accountId ?? null,
    query,
    from: filter.from ?? null,
    to: filter.to ?? null,
    min: amountBound(ctx, filter.minAmount, filter.accountId, 'From amount'),
    max: amountBound(ctx, filter.maxAmount, filter.accountId, 'To amount'),
    matched: filter.matched === undefined ? null : filter.matched ? 1 : 0,
    anyCategory: filter.categoryId === undefined ? 1 : 0,
    category: filter.categoryId ?? null,
    afterDate: after?.date ?? null,
    afterId: after?.id ?? null,
    limit: limit + 1,
  };
  const where = `
    WHERE (@account IS NULL OR t.account_id = @account)
      AND (@query IS NULL OR t.id IN (SELECT rowid FROM bank_transactions_fts WHERE bank_transactions_fts MATCH @query))
      AND (@from IS NULL OR t.booking_date >= @from)
      AND (@to IS NULL OR t.booking_date <= @to)
      AND (@min IS NULL OR t.amount >= @min)
      AND (@max IS NULL OR t.amount <= @max)
      AND (@matched IS NULL OR t.matched = @matched)
      AND (@anyCategory = 1 OR t.category_id IS @category)`;
  const rows = ctx.db
    .prepare(
      `SELECT t.*, a.name AS account_name, a.currency, c.name AS category
       FROM bank_transactions t JOIN bank_accounts a ON a.id = t.account_id LEFT JOIN bank_categories c ON c.id = t.category_id
       ${where} AND (@afterDate IS NULL OR (t.booking_date, t.id) < (@afterDate, @afterId))
       ORDER BY t.booking_date DESC, t.id DESC LIMIT @limit`,
    )
    .all(params) as Row[];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const total = cursor === null
    ? (ctx.db.prepare(`SELECT count(*) AS n FROM bank_transactions t ${where}`).get(params) as { n: number }).n
    : null;
  return { rows: page.map(toTransaction), next: more && last ? cursorOf(last) : null, total };
}

export function toTransaction(row: Row): BankTransaction {
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_name,
    bookingDate: row.booking_date,
    valueDate: row.value_date,
    amount: money(row.amount, row.currency),
    currency: row.currency,
    payee: row.payee,
    text: row.text,
    reference: row.reference,
    categoryId: row.category_id,
    category: row.category,
    matched: row.matched === 1,
  };
}

export function getTransactionRow(ctx: BankContext, id: number): Row | undefined {
  return ctx.db
    .prepare(
      `SELECT t.*, a.name AS account_name, a.currency, c.name AS category
       FROM bank_transactions t JOIN bank_accounts a ON a.id = t.account_id LEFT JOIN bank_categories c ON c.id = t.category_id WHERE t.id = ?`,
    )
    .get(id) as Row | undefined;
}
export type TransactionRow = Row;
