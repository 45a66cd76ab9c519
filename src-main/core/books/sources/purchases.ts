import { parseMoney, percentOf } from '../../../../src-shared/money.js';
import { readExpense } from '../../expenses/index.js';
import type { ExpenseRecord } from '../../expenses/index.js';
import { supplierRow } from '../../einvoice/supplier-store.js';
import type { BooksContext, BooksSettings, VatCodeRow } from '../context.js';
import { accountForRole } from '../context.js';
import type { PostingProposal, ProposedLine, VatRecord } from '../ledger.js';
import type { PostingSource } from './registry.js';
import { converterFor } from './vat-lines.js';

/**
 * Purchases: a confirmed expense or a confirmed supplier e-invoice posts
 * expense (net) and input VAT per rate against the payable (an open item
 * `expense:<id>` / `supplier_invoice:<id>` that a later payment clears).
 * Neither model records "paid", so both post to the payable.
 *
 * Expense account of a line: the active expense account whose name matches
 * the category's name (either contains the other, case-insensitively: a
 * category "Telefon" lands on SKR03 4920 Telefon), else the chart's default
 * expense account (role `expense`). Rename a category or an account to steer
 * it. Input VAT is deducted when posted, on either VAT basis.
 */
interface PurchaseGroup {
  readonly account: string;
  /** Hundredths of a percent. */
  readonly rate: bigint;
  readonly treatment: 'standard' | 'reverse_charge' | 'intra_eu' | 'none';
  readonly net: bigint;
  /** The VAT the document states (0 for reverse charge: the buyer computes it). */
  readonly vat: bigint;
}

function inputCode(ctx: BooksContext, treatment: PurchaseGroup['treatment'], rate: bigint): VatCodeRow | null {
  if (treatment === 'none') return null;
  const codes = ctx.db.prepare("SELECT * FROM vat_codes WHERE direction = 'input' AND treatment = ? ORDER BY code").all(treatment) as VatCodeRow[];
  if (treatment !== 'standard') return codes[0] ?? null;
  return codes.find((code) => BigInt(code.rate) === rate) ?? null;
}

export function expenseAccountFor(ctx: BooksContext, categoryName: string | null): string {
  const name = (categoryName ?? '').trim().toLowerCase();
  if (name !== '') {
    const accounts = ctx.db.prepare("SELECT number, name FROM accounts WHERE type = 'expense' AND active = 1 ORDER BY number").all() as { number: string; name: string }[];
    const match = accounts.find((a) => a.name.toLowerCase() === name) ?? accounts.find((a) => a.name.toLowerCase().includes(name) || name.includes(a.name.toLowerCase()));
    if (match) return match.number;
  }
  return accountForRole(ctx, 'expense');
}

/** Lines and VAT records for the groups; `sign = -1n` for a supplier credit note. Returns the gross posted. */
function purchaseLines(ctx: BooksContext, groups: readonly PurchaseGroup[], sign: 1n | -1n, text: string): { lines: ProposedLine[]; vat: VatRecord[]; gross: bigint } {
  const lines: ProposedLine[] = [];
  const vat: VatRecord[] = [];
  let gross = 0n;
  for (const group of groups) {
    const code = inputCode(ctx, group.treatment, group.rate);
    lines.push({ account: group.account, amount: sign * group.net, vatCode: code?.code ?? null, text });
    gross += group.net + group.vat;
    if (code && code.treatment !== 'standard') {
      // §13b / autoliquidation / intra-EU: the buyer owes the tax and deducts it again (no money moves).
      const tax = percentOf(group.net, BigInt(code.rate));
      const taxAccount = code.tax_account ?? accountForRole(ctx, 'vat_input');
      const owedAccount = code.owed_account ?? accountForRole(ctx, 'vat_output');
      lines.push({ account: taxAccount, amount: sign * tax, vatCode: code.code, text }, { account: owedAccount, amount: -sign * tax, vatCode: code.code, text });
      vat.push({ code: code.code, base: sign * group.net, tax: sign * tax });
      continue;
    }
    if (group.vat !== 0n) lines.push({ account: code?.tax_account ?? accountForRole(ctx, 'vat_input'), amount: sign * group.vat, vatCode: code?.code ?? null, text });
    if (code) vat.push({ code: code.code, base: sign * group.net, tax: sign * group.vat });
  }
  return { lines, vat, gross };
}

function expenseGroups(ctx: BooksContext, expense: ExpenseRecord, toBook: (amount: bigint) => bigint): PurchaseGroup[] {
  if (expense.lines.length === 0) {
    return [{ account: expenseAccountFor(ctx, null), rate: 0n, treatment: 'none', net: toBook(expense.netMinor), vat: toBook(expense.vatMinor) }];
  }
  return expense.lines.map((line) => ({
    account: expenseAccountFor(ctx, line.categoryName),
    rate: line.vatRate,
    treatment: line.vatRate > 0n ? 'standard' : 'none',
    net: toBook(line.netMinor),
    vat: toBook(line.vatMinor),
  }));
}

export const expenseSource: PostingSource = {
  type: 'expense',
  propose(ctx, id, settings: BooksSettings): PostingProposal | null {
    const expense = readExpense(ctx.db, id);
    if (!expense || expense.status !== 'confirmed' || expense.date === null) return null;
    const text = `Expense ${expense.supplier}`.slice(0, 500);
    const toBook = converterFor(expense.currency, null, settings, `The expense from ${expense.supplier}`);
    const purchase = purchaseLines(ctx, expenseGroups(ctx, expense, toBook), 1n, text);
    const payable: ProposedLine = { account: accountForRole(ctx, 'payable'), amount: -purchase.gross, text, openItem: `expense:${id}`, dueDate: expense.date, party: expense.supplier };
    return { date: expense.date, text, voucher: { type: 'expense', id, number: `EXP ${expense.date} ${expense.supplier}`.slice(0, 36) }, lines: [...purchase.lines, payable], vat: purchase.vat };
  },
  finalIds: (ctx) =>
    (ctx.db.prepare("SELECT id, date, rowid AS ord FROM expenses WHERE status = 'confirmed' AND date IS NOT NULL").all() as { id: string; date: string; ord: number }[]).map((r) => ({
      id: r.id, date: r.date, order: 3_000_000_000 + r.ord,
    })),
};

/** The stored breakdown (decimal strings, see einvoice/supplier-store.ts). */
interface StoredVatRow {
  readonly category: string;
  readonly rate: string | null;
  readonly taxable: string;
  readonly vat: string;
}

/** EN 16931 VAT categories (UNCL5305): S standard, AE reverse charge, K intra-EU; E, Z, G, O carry no VAT. */
function treatmentOf(category: string): PurchaseGroup['treatment'] {
  if (category === 'S') return 'standard';
  if (category === 'AE') return 'reverse_charge';
  if (category === 'K') return 'intra_eu';
  return 'none';
}

const RATE_TEXT = /^(\d+)(?:\.(\d{1,2}))?/;

function rateOf(text: string | null): bigint {
  const match = RATE_TEXT.exec(text ?? '');
  if (!match) return 0n;
  return BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export const supplierInvoiceSource: PostingSource = {
  type: 'supplier_invoice',
  propose(ctx, id, settings): PostingProposal | null {
    const row = supplierRow(ctx, id);
    if (row.status !== 'confirmed') return null;
    const data = JSON.parse(row.data) as { vatBreakdown: readonly StoredVatRow[] };
    const toBook = converterFor(row.currency, null, settings, `Supplier invoice ${row.number}`);
    const money = (text: string): bigint => toBook(parseMoney(text, row.currency, { label: 'Amount', allowNegative: true }));
    const account = expenseAccountFor(ctx, null);
    const groups = data.vatBreakdown.map((vatRow) => ({ account, rate: rateOf(vatRow.rate), treatment: treatmentOf(vatRow.category), net: money(vatRow.taxable), vat: money(vatRow.vat) }));
    // Type code 381 is a credit note from the supplier: the same posting, reversed.
    const sign = row.type_code === '381' ? -1n : 1n;
    const text = `Supplier invoice ${row.number} ${row.seller_name}`.slice(0, 500);
    const purchase = purchaseLines(ctx, groups, sign, text);
    const payable: ProposedLine = {
      account: accountForRole(ctx, 'payable'), amount: -sign * purchase.gross, text, openItem: `supplier_invoice:${id}`, dueDate: row.due_date ?? row.issue_date, party: row.seller_name,
    };
    return { date: row.issue_date, text, voucher: { type: 'supplier_invoice', id, number: row.number.slice(0, 36) }, lines: [...purchase.lines, payable], vat: purchase.vat };
  },
  finalIds: (ctx) =>
    (ctx.db.prepare("SELECT id, issue_date AS date, rowid AS ord FROM supplier_invoices WHERE status = 'confirmed'").all() as { id: string; date: string; ord: number }[]).map((r) => ({
      id: r.id, date: r.date, order: 4_000_000_000 + r.ord,
    })),
};
