import { z } from 'zod';
import type { ChartId, VatBasis } from '../../../src-shared/books.js';
import { CHARTS, VAT_BASES } from '../../../src-shared/books.js';
import { RATE_SCALE, formatDecimalTrimmed } from '../../../src-shared/money.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { InvoicingContext } from '../invoices/context.js';
import type { AccountRole } from './charts/index.js';

/** The books run on the same unlocked-vault context as invoicing: one DB, blob store, clock, actor and audit. */
export type BooksContext = InvoicingContext;

export interface BooksSettings {
  readonly chart: ChartId;
  readonly basis: VatBasis;
  readonly currency: string;
  readonly enabledAt: string;
}

const settingsRow = z.object({ chart: z.enum(CHARTS), basis: z.enum(VAT_BASES), currency: z.string(), enabled_at: z.string() });

export function readSettings(ctx: BooksContext): BooksSettings | null {
  const row = ctx.db.prepare('SELECT chart, basis, currency, enabled_at FROM books_settings WHERE id = 1').get();
  if (row === undefined) return null;
  const parsed = settingsRow.parse(row);
  return { chart: parsed.chart, basis: parsed.basis, currency: parsed.currency, enabledAt: parsed.enabled_at };
}

export function requireSettings(ctx: BooksContext): BooksSettings {
  const settings = readSettings(ctx);
  if (!settings) throw new ConflictError('The books are not switched on yet. Choose a chart of accounts in Books first.');
  return settings;
}

export interface VatCodeRow {
  readonly code: string;
  readonly name: string;
  readonly rate: number;
  readonly direction: 'output' | 'input';
  readonly treatment: 'standard' | 'exempt' | 'reverse_charge' | 'intra_eu';
  readonly tax_account: string | null;
  readonly pending_account: string | null;
  readonly owed_account: string | null;
  readonly report_lines: string;
}

export function vatCodeRows(ctx: BooksContext): VatCodeRow[] {
  return ctx.db.prepare('SELECT * FROM vat_codes ORDER BY direction DESC, rate DESC, code').all() as VatCodeRow[];
}

export function rateText(rate: number): string {
  return formatDecimalTrimmed(BigInt(rate), RATE_SCALE);
}

export function accountForRole(ctx: BooksContext, role: AccountRole): string {
  const row = ctx.db.prepare('SELECT number FROM accounts WHERE role = ?').get(role) as { number: string } | undefined;
  if (!row) throw new NotFoundError(`The chart has no account for "${role}". Add one in Books › Accounts and give it that role.`);
  return row.number;
}

/** The first active account whose default VAT code is `code` (e.g. 8400 for U19), else the role's account. */
export function accountForVatCode(ctx: BooksContext, code: string | null, fallback: AccountRole): string {
  if (code !== null) {
    const row = ctx.db.prepare('SELECT number FROM accounts WHERE vat_code = ? AND active = 1 ORDER BY number LIMIT 1').get(code) as
      | { number: string }
      | undefined;
    if (row) return row.number;
  }
  return accountForRole(ctx, fallback);
}

export const yearOf = (date: string): number => Number(date.slice(0, 4));
