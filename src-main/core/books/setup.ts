import type { Account, AccountType, BooksStatus, ChartId, VatBasis, VatCode } from '../../../src-shared/books.js';
import { RATE_SCALE, parseDecimal } from '../../../src-shared/money.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { readProfile } from '../invoices/company.js';
import { nowIso } from '../invoices/context.js';
import { CHART_DEFINITIONS } from './charts/index.js';
import type { BooksContext } from './context.js';
import { rateText, readSettings, requireSettings, vatCodeRows } from './context.js';
import { postAllPending } from './sources/index.js';

/**
 * Switching the books on: the chosen chart's accounts and VAT codes are
 * installed, and every invoice, credit note and payment already in the vault
 * is posted once, all in one transaction with its audit row.
 */
export function enableBooks(ctx: BooksContext, chart: ChartId, basis: VatBasis): BooksStatus {
  ctx.transaction(() => {
    if (readSettings(ctx)) throw new ConflictError('The books are already switched on. The chart can be edited in Books › Accounts.');
    const definition = CHART_DEFINITIONS[chart];
    const currency = readProfile(ctx).defaultCurrency;
    const at = nowIso(ctx);
    ctx.db.prepare('INSERT INTO books_settings (id, chart, basis, currency, enabled_at, enabled_by) VALUES (1, ?, ?, ?, ?, ?)').run(chart, basis, currency, at, ctx.actor);
    const code = ctx.db.prepare(
      'INSERT INTO vat_codes (code, name, rate, direction, treatment, tax_account, pending_account, owed_account, report_lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const c of definition.vatCodes) {
      code.run(c.code, c.name, parseDecimal(c.rate, RATE_SCALE, { label: 'Rate' }), c.direction, c.treatment, c.taxAccount ?? null, c.pendingAccount ?? null, c.owedAccount ?? null, JSON.stringify(c.reportLines));
    }
    const account = ctx.db.prepare('INSERT INTO accounts (number, name, type, vat_code, role, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
    for (const [number, name, type, vatCode, role] of definition.accounts) account.run(number, name, type, vatCode ?? null, role ?? null, at, at);
    const posted = postAllPending(ctx);
    ctx.audit({ action: 'books.enable', subject: 'books', details: { chart, basis, currency, accounts: definition.accounts.length, catchUpEntries: posted } });
  });
  return booksStatus(ctx);
}

export function booksStatus(ctx: BooksContext): BooksStatus {
  const settings = readSettings(ctx);
  const { n } = ctx.db.prepare("SELECT COUNT(*) AS n FROM journal_entries WHERE state = 'posted'").get() as { n: number };
  return {
    enabled: settings !== null,
    chart: settings?.chart ?? null,
    basis: settings?.basis ?? null,
    currency: settings?.currency ?? null,
    enabledAt: settings?.enabledAt ?? null,
    entries: n,
  };
}

export function setBasis(ctx: BooksContext, basis: VatBasis): BooksStatus {
  ctx.transaction(() => {
    const settings = requireSettings(ctx);
    if (settings.basis === basis) return;
    ctx.db.prepare('UPDATE books_settings SET basis = ? WHERE id = 1').run(basis);
    ctx.audit({ action: 'books.settings', subject: 'books', details: { basis, was: settings.basis } });
  });
  return booksStatus(ctx);
}

interface AccountRow {
  number: string;
  name: string;
  type: AccountType;
  vat_code: string | null;
  role: string | null;
  active: number;
}

const toAccount = (row: AccountRow): Account => ({ number: row.number, name: row.name, type: row.type, vatCode: row.vat_code, role: row.role, active: row.active === 1 });

export function listAccounts(ctx: BooksContext): Account[] {
  requireSettings(ctx);
  return (ctx.db.prepare('SELECT * FROM accounts ORDER BY number').all() as AccountRow[]).map(toAccount);
}

export function getAccount(ctx: BooksContext, number: string): Account {
  const row = ctx.db.prepare('SELECT * FROM accounts WHERE number = ?').get(number) as AccountRow | undefined;
  if (!row) throw new NotFoundError(`Account ${number} is not in the chart of accounts.`);
  return toAccount(row);
}

export interface AccountInput {
  readonly number: string;
  readonly name: string;
  readonly type: AccountType;
  readonly vatCode?: string | null | undefined;
  readonly active?: boolean | undefined;
}

/** Adds an account or edits one; an account with postings keeps its type, so past reports do not change meaning. */
export function saveAccount(ctx: BooksContext, input: AccountInput): Account {
  ctx.transaction(() => {
    requireSettings(ctx);
    if (input.vatCode != null && ctx.db.prepare('SELECT 1 FROM vat_codes WHERE code = ?').get(input.vatCode) === undefined) {
      throw new ValidationError(`VAT code ${input.vatCode} does not exist.`, { vatCode: 'Unknown code.' });
    }
    const existing = ctx.db.prepare('SELECT * FROM accounts WHERE number = ?').get(input.number) as AccountRow | undefined;
    const at = nowIso(ctx);
    if (!existing) {
      ctx.db.prepare('INSERT INTO accounts (number, name, type, vat_code, role, active, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)')
        .run(input.number, input.name, input.type, input.vatCode ?? null, input.active === false ? 0 : 1, at, at);
      ctx.audit({ action: 'books.account.create', subject: `account:${input.number}`, details: { name: input.name, type: input.type } });
      return;
    }
    const used = ctx.db.prepare('SELECT 1 FROM journal_lines WHERE account = ? LIMIT 1').get(input.number) !== undefined;
    if (used && existing.type !== input.type) {
      throw new ConflictError(`Account ${input.number} already has postings; its type stays ${existing.type}. Open a new account instead.`);
    }
    if (input.active === false && existing.role !== null) {
      throw new ConflictError(`Account ${input.number} is the chart's ${existing.role} account; give that role to another account first.`);
    }
    ctx.db.prepare('UPDATE accounts SET name = ?, type = ?, vat_code = ?, active = ?, updated_at = ? WHERE number = ?')
      .run(input.name, input.type, input.vatCode === undefined ? existing.vat_code : input.vatCode, input.active === undefined ? existing.active : input.active ? 1 : 0, at, input.number);
    ctx.audit({ action: 'books.account.update', subject: `account:${input.number}`, details: { name: input.name, type: input.type } });
  });
  return getAccount(ctx, input.number);
}

export function listVatCodes(ctx: BooksContext): VatCode[] {
  requireSettings(ctx);
  return vatCodeRows(ctx).map((row) => ({
    code: row.code,
    name: row.name,
    rate: rateText(row.rate),
    direction: row.direction,
    treatment: row.treatment,
    taxAccount: row.tax_account,
    pendingAccount: row.pending_account,
    owedAccount: row.owed_account,
    reportLines: JSON.parse(row.report_lines) as VatCode['reportLines'],
  }));
}
