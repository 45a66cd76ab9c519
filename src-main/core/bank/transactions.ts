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

/**
 * Few matches: fetch them from FTS and sort them (costs what the matches
 * cost). Many: walk the date index and probe the match set, which stops after
 * about limit * rows / matches lines. Sorting wins while matches² stays below
 * a few times limit * rows (rows estimated by the largest rowid, one seek).
 */
function sortMatches(ctx: BankContext, matches: number, limit: number): boolean {
  const rows = (ctx.db.prepare('SELECT coalesce(max(id), 0) AS n FROM bank_transactions').get() as { n: number }).n;
  return matches * matches < 4 * (limit + 1) * rows;
}

type Params = Record<string, string | number | bigint | null>;

/** Only the filters in use reach SQL, so the planner sees plain indexable terms. */
function filterTerms(ctx: BankContext, filter: TransactionFilter): { terms: string[]; params: Params } {
  const terms: string[] = [];
  const params: Params = {};
  const add = (term: string, name: string, value: string | number | bigint | null): void => {
    terms.push(term);
    params[name] = value;
  };
  if (filter.accountId !== undefined) add('t.account_id = @account', 'account', filter.accountId);
  if (filter.from !== undefined) add('t.booking_date >= @from', 'from', filter.from);
  if (filter.to !== undefined) add('t.booking_date <= @to', 'to', filter.to);
  const min = amountBound(ctx, filter.minAmount, filter.accountId, 'From amount');
  if (min !== null) add('t.amount >= @min', 'min', min);
  const max = amountBound(ctx, filter.maxAmount, filter.accountId, 'To amount');
  if (max !== null) add('t.amount <= @max', 'max', max);
  if (filter.matched !== undefined) add('t.matched = @matched', 'matched', filter.matched ? 1 : 0);
  if (filter.categoryId !== undefined) add('t.category_id IS @category', 'category', filter.categoryId);
  return { terms, params };
}

const SELECT_ROW = 'SELECT t.*, a.name AS account_name, a.currency, c.name AS category';
const JOIN_NAMES = 'JOIN bank_accounts a ON a.id = t.account_id LEFT JOIN bank_categories c ON c.id = t.category_id';
const ORDER_PAGE = 'ORDER BY t.booking_date DESC, t.id DESC LIMIT @limit';
const whereOf = (terms: readonly string[]): string => (terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '');

/** One page, newest first, by keyset (booking date, id): page 10,000 costs what page 1 costs. */
export function listTransactions(ctx: BankContext, filter: TransactionFilter, cursor: string | null, limit: number): TransactionPage {
  const query = filter.search ? ftsQuery(filter.search) : null;
  const after = cursor ? parseCursor(cursor) : null;
  const { terms, params } = filterTerms(ctx, filter);
  const filtered = terms.length > 0;
  const pageTerms = after ? [...terms, '(t.booking_date, t.id) < (@afterDate, @afterId)'] : terms;
  const pageParams: Params = after ? { ...params, afterDate: after.date, afterId: after.id, limit: limit + 1 } : { ...params, limit: limit + 1 };
  let rows: Row[];
  let total: number | null = null;
  if (query === null) {
    rows = ctx.db.prepare(`${SELECT_ROW} FROM bank_transactions t ${JOIN_NAMES} ${whereOf(pageTerms)} ${ORDER_PAGE}`).all(pageParams) as Row[];
    if (cursor === null) total = (ctx.db.prepare(`SELECT count(*) AS n FROM bank_transactions t ${whereOf(terms)}`).get(params) as { n: number }).n;
  } else {
    const matches = (ctx.db.prepare('SELECT count(*) AS n FROM bank_transactions_fts WHERE bank_transactions_fts MATCH ?').get(query) as { n: number }).n;
    // CROSS JOIN keeps FTS as the driving table: each match is looked up by rowid.
    const fromMatches = 'FROM bank_transactions_fts CROSS JOIN bank_transactions t ON t.id = bank_transactions_fts.rowid';
    const matchTerm = 'bank_transactions_fts MATCH @query';
    if (sortMatches(ctx, matches, limit)) {
      rows = ctx.db.prepare(`${SELECT_ROW} ${fromMatches} ${JOIN_NAMES} ${whereOf([matchTerm, ...pageTerms])} ${ORDER_PAGE}`).all({ ...pageParams, query }) as Row[];
    } else {
      // "+t.id" keeps the rowid set from driving: the date index gives the order and the walk stops after one page.
      const inMatches = '+t.id IN (SELECT rowid FROM bank_transactions_fts WHERE bank_transactions_fts MATCH @query)';
      rows = ctx.db.prepare(`${SELECT_ROW} FROM bank_transactions t ${JOIN_NAMES} ${whereOf([inMatches, ...pageTerms])} ${ORDER_PAGE}`).all({ ...pageParams, query }) as Row[];
    }
    if (cursor === null) {
      total = filtered
        ? (ctx.db.prepare(`SELECT count(*) AS n ${fromMatches} ${whereOf([matchTerm, ...terms])}`).get({ ...params, query }) as { n: number }).n
        : matches;
    }
  }
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
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
