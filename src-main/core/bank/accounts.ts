import type { BankAccount } from '../../../src-shared/bank.js';
import { DecimalFormatError, isCurrency, parseMoney } from '../../../src-shared/money.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { compactId } from './ids.js';
import type { BankContext } from './context.js';
import { nowIso } from './context.js';
import { money } from './amounts.js';
import { bicOk, ibanChecksumOk, normaliseIban } from './iban.js';

export interface AccountRow {
  id: string;
  name: string;
  iban: string;
  bic: string;
  currency: string;
  opening_balance: number;
}

export interface AccountInput {
  readonly name: string;
  readonly iban?: string | undefined;
  readonly bic?: string | undefined;
  readonly currency?: string | undefined;
  readonly openingBalance?: string | undefined;
}

function checked(input: AccountInput): { iban: string; bic: string; currency: string; opening: bigint } {
  const iban = normaliseIban(input.iban ?? '');
  if (iban !== '' && !ibanChecksumOk(iban)) {
    throw new ValidationError(`The IBAN ${input.iban ?? ''} is not valid (its check digits do not match); check it against a statement.`, { iban: 'Check digits do not match.' });
  }
  const bic = (input.bic ?? '').trim().toUpperCase();
  if (bic !== '' && !bicOk(bic)) throw new ValidationError(`'${bic}' is not a BIC (8 or 11 letters and digits, like COBADEFFXXX).`, { bic: 'Not a BIC.' });
  const currency = (input.currency ?? 'EUR').trim().toUpperCase();
  if (!isCurrency(currency)) throw new ValidationError(`Currency ${currency} is not supported; use an ISO code like EUR.`, { currency: 'Unsupported currency.' });
  let opening: bigint;
  try {
    opening = parseMoney(input.openingBalance ?? '0', currency, { label: 'Opening balance', allowNegative: true });
  } catch (error) {
    if (error instanceof DecimalFormatError) throw new ValidationError(error.message, { openingBalance: error.message });
    throw error;
  }
  return { iban, bic, currency, opening };
}

function summary(ctx: BankContext, row: AccountRow): BankAccount {
  const stats = ctx.db
    .prepare('SELECT COALESCE(SUM(amount), 0) AS total, count(*) AS n, MAX(booking_date) AS last FROM bank_transactions WHERE account_id = ?')
    .get(row.id) as { total: number; n: number; last: string | null };
  return {
    id: row.id,
    name: row.name,
    iban: row.iban,
    bic: row.bic,
    currency: row.currency,
    openingBalance: money(row.opening_balance, row.currency),
    balance: money(BigInt(row.opening_balance) + BigInt(stats.total), row.currency),
    transactionCount: stats.n,
    lastStatementDate: stats.last,
  };
}

export function createAccount(ctx: BankContext, input: AccountInput): BankAccount {
  const name = input.name.trim();
  if (name === '') throw new ValidationError('Name the account.', { name: 'Required.' });
  const { iban, bic, currency, opening } = checked(input);
  const id = compactId();
  ctx.transaction(() => {
    if (ctx.db.prepare('SELECT 1 FROM bank_accounts WHERE name = ?').get(name)) {
      throw new ConflictError(`There is already an account named '${name}'. Choose another name.`);
    }
    if (iban !== '' && ctx.db.prepare('SELECT 1 FROM bank_accounts WHERE iban = ?').get(iban)) {
      throw new ConflictError(`The IBAN ${iban} belongs to another account already.`);
    }
    ctx.db
      .prepare('INSERT INTO bank_accounts (id, name, iban, bic, currency, opening_balance, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, name, iban, bic, currency, opening, nowIso(ctx), nowIso(ctx));
    ctx.audit({ action: 'bank.account.create', subject: `bank-account:${id}`, details: { name, iban, currency } });
  });
  return getAccount(ctx, id);
}

export function updateAccount(ctx: BankContext, id: string, patch: Partial<AccountInput>): BankAccount {
  const current = accountRow(ctx, id);
  const merged: AccountInput = {
    name: patch.name ?? current.name,
    iban: patch.iban ?? current.iban,
    bic: patch.bic ?? current.bic,
    currency: patch.currency ?? current.currency,
    openingBalance: patch.openingBalance ?? money(current.opening_balance, current.currency),
  };
  const { iban, bic, currency, opening } = checked(merged);
  ctx.transaction(() => {
    const lines = ctx.db.prepare('SELECT count(*) AS n FROM bank_transactions WHERE account_id = ?').get(id) as { n: number };
    if (currency !== current.currency && lines.n > 0) throw new ConflictError('The currency cannot change once statements are imported.');
    ctx.db
      .prepare('UPDATE bank_accounts SET name = ?, iban = ?, bic = ?, currency = ?, opening_balance = ?, updated_at = ? WHERE id = ?')
      .run(merged.name.trim(), iban, bic, currency, opening, nowIso(ctx), id);
    ctx.audit({ action: 'bank.account.update', subject: `bank-account:${id}`, details: { name: merged.name, iban, currency } });
  });
  return getAccount(ctx, id);
}

export function accountRow(ctx: BankContext, id: string): AccountRow {
  const row = ctx.db.prepare('SELECT * FROM bank_accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!row) throw new NotFoundError('This bank account does not exist (any more).');
  return row;
}

export function accountByName(ctx: BankContext, name: string): AccountRow {
  const row = ctx.db.prepare('SELECT * FROM bank_accounts WHERE name = ?').get(name.trim()) as AccountRow | undefined;
  if (!row) throw new NotFoundError(`There is no bank account named '${name}'. Add it first (sealbook bank account add).`);
  return row;
}

export function getAccount(ctx: BankContext, id: string): BankAccount {
  return summary(ctx, accountRow(ctx, id));
}

export function listAccounts(ctx: BankContext): BankAccount[] {
  const rows = ctx.db.prepare('SELECT * FROM bank_accounts ORDER BY name').all() as AccountRow[];
  return rows.map((row) => summary(ctx, row));
}
