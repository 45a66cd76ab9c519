import { afterEach, describe, expect, it } from 'vitest';
import { closePeriod } from '../../../src-main/core/books/periods.js';
import { enableBooks } from '../../../src-main/core/books/setup.js';
import { postAllPending } from '../../../src-main/core/books/sources/index.js';
import { profitAndLoss, trialBalance } from '../../../src-main/core/books/reports/statements.js';
import { vatSummary } from '../../../src-main/core/books/reports/vat.js';
import { ConflictError } from '../../../src-main/core/errors.js';
import { confirmExpense, createCategory, createManualExpense, getExpense } from '../../../src-main/core/expenses/service.js';
import type { TestVault } from './setup.js';
import { auditRows, linesOf, openBooksVault } from './setup.js';

let vault: TestVault;
afterEach(() => {
  vault.close();
});

/** A confirmed expense: Telefon 100.00 at 19 % and a book at 7 % (gross 140.40). */
function confirmedExpense(v: TestVault, date = '2026-11-20'): string {
  const phone = createCategory(v.ctx, 'Telefon');
  const books = createCategory(v.ctx, 'Bücher');
  const draft = createManualExpense(v.ctx, {
    date,
    supplier: 'Telekom Shop',
    currency: 'EUR',
    lines: [
      { categoryId: phone.id, description: 'Handyvertrag', net: '100.00', vatRate: '19' },
      { categoryId: books.id, description: 'Fachbuch', net: '20.00', vatRate: '7' },
    ],
  });
  confirmExpense(v.ctx, draft.id);
  return draft.id;
}

describe('confirmed expenses in the books', () => {
  it('posts expense per category line, input VAT per rate and the payable, in the confirmation transaction; VAT summary fills Kz 66', () => {
    vault = openBooksVault('skr03');
    const id = confirmedExpense(vault);
    // 4920 Telefon and 4940 "Zeitschriften, Bücher" found by category name; 1576/1571 Vorsteuer; 1600 payable.
    expect(linesOf(vault, 'expense', id)).toEqual([
      ['1571', 140],
      ['1576', 1900],
      ['1600', -14040],
      ['4920', 10000],
      ['4940', 2000],
    ]);
    const rows = auditRows(vault.db);
    const confirm = rows.findIndex((r) => r.action === 'expenses.confirm');
    expect(rows[confirm + 1]?.action).toBe('books.post');
    const open = vault.db.prepare("SELECT open_item, party FROM journal_lines WHERE account = '1600'").get() as { open_item: string; party: string };
    expect(open).toEqual({ open_item: `expense:${id}`, party: 'Telekom Shop' });

    const tb = trialBalance(vault.ctx, '2026-01-01', '2026-12-31');
    expect(tb.totalDebit).toBe('140.40');
    expect(tb.totalCredit).toBe('140.40');
    expect(tb.rows.find((r) => r.account === '1600')?.closing).toBe('-140.40');
    expect(profitAndLoss(vault.ctx, '2026-11-01', '2026-11-30')).toMatchObject({ totalExpenses: '120.00', profit: '-120.00' });

    const vat = vatSummary(vault.ctx, '2026-11-01', '2026-11-30');
    expect(vat.rows.map((r) => [r.code, r.direction, r.base, r.tax])).toEqual([['V19', 'input', '100.00', '19.00'], ['V7', 'input', '20.00', '1.40']]);
    expect(vat.inputTax).toBe('20.40');
    expect(vat.form.lines.find((l) => l.line === '66')?.amount).toBe('20.40');
    expect(vat.form.lines.find((l) => l.line === '83')?.amount).toBe('-20.40');
  });

  it('an uncategorised line goes to the chart default expense account; PCG fills the CA3 deductible lines', () => {
    vault = openBooksVault('pcg');
    const draft = createManualExpense(vault.ctx, { date: '2026-11-10', supplier: 'Bureau Vallée', currency: 'EUR', gross: '24.00', vatRate: '20' });
    confirmExpense(vault.ctx, draft.id);
    expect(linesOf(vault, 'expense', draft.id)).toEqual([['401000', -2400], ['445660', 400], ['606400', 2000]]);
    const vat = vatSummary(vault.ctx, '2026-11-01', '2026-11-30');
    expect(vat.rows.map((r) => [r.code, r.base, r.tax])).toEqual([['D20', '20.00', '4.00']]);
    expect(vat.form.lines.find((l) => l.line === '20')?.amount).toBe('4.00');
    expect(vat.form.lines.find((l) => l.line === '23')?.amount).toBe('4.00');
    // More deductible than owed: a credit on line 25, never a negative line 28.
    expect(vat.form.lines.find((l) => l.line === '25')?.amount).toBe('4.00');
    expect(vat.form.lines.find((l) => l.line === '28')).toBeUndefined();
  });

  it('refuses to confirm an expense dated in a closed period and leaves it a draft', () => {
    vault = openBooksVault('skr04');
    const draft = createManualExpense(vault.ctx, { date: '2026-10-05', supplier: 'Tankstelle', currency: 'EUR', gross: '59.50', vatRate: '19' });
    closePeriod(vault.ctx, '2026-10');
    expect(() => confirmExpense(vault.ctx, draft.id)).toThrow(ConflictError);
    expect(() => confirmExpense(vault.ctx, draft.id)).toThrow(/period 2026-10 is closed/);
    expect(getExpense(vault.ctx, draft.id).status).toBe('draft');
    expect(linesOf(vault, 'expense', draft.id)).toEqual([]);
    expect(auditRows(vault.db).map((r) => r.action)).not.toContain('expenses.confirm');
  });

  it('switching the books on posts expenses confirmed before, once', () => {
    vault = openBooksVault(null);
    const id = confirmedExpense(vault, '2026-11-03');
    const draft = createManualExpense(vault.ctx, { date: '2026-11-04', supplier: 'Still a draft', currency: 'EUR', gross: '10.00', vatRate: '19' });
    expect(vault.db.prepare('SELECT count(*) AS n FROM journal_entries').get()).toEqual({ n: 0 });
    enableBooks(vault.ctx, 'skr04', 'accrual');
    // SKR04: 6805 Telefon, 6820 "Zeitschriften, Bücher", 1406/1401 Vorsteuer, 3300 payable.
    expect(linesOf(vault, 'expense', id)).toEqual([
      ['1401', 140],
      ['1406', 1900],
      ['3300', -14040],
      ['6805', 10000],
      ['6820', 2000],
    ]);
    expect(linesOf(vault, 'expense', draft.id)).toEqual([]);
    expect(vault.ctx.transaction(() => postAllPending(vault.ctx))).toBe(0);
    expect(vault.db.prepare("SELECT count(*) AS n FROM journal_entries WHERE source_type = 'expense'").get()).toEqual({ n: 1 });
  });
});
