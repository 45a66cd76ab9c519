import { afterEach, describe, expect, it } from 'vitest';
import { postSource } from '../../../src-main/core/books/sources/index.js';
import { enableBooks } from '../../../src-main/core/books/setup.js';
import { trialBalance, profitAndLoss, balanceSheet } from '../../../src-main/core/books/reports/statements.js';
import { vatSummary } from '../../../src-main/core/books/reports/vat.js';
import { aging } from '../../../src-main/core/books/reports/detail.js';
import { creditInvoice, recordPayment } from '../../../src-main/core/invoices/documents.js';
import type { TestVault } from './setup.js';
import { auditRows, issued, linesOf, openBooksVault } from './setup.js';

let vault: TestVault;
afterEach(() => {
  vault.close();
});

describe('automatic posting from invoicing (accrual basis, SKR03)', () => {
  it('an issued invoice posts receivable, revenue and output VAT per rate, in the same transaction as the issue', async () => {
    vault = openBooksVault('skr03');
    const id = await issued(vault);
    expect(linesOf(vault, 'invoice', id)).toEqual([
      ['1400', 14040],
      ['1771', -140],
      ['1776', -1900],
      ['8300', -2000],
      ['8400', -10000],
    ]);
    const rows = auditRows(vault.db);
    const issue = rows.findIndex((r) => r.action === 'invoices.issue');
    expect(rows[issue + 1]?.action).toBe('books.post');
    expect(JSON.parse(rows[issue + 1]?.details ?? '{}')).toMatchObject({ number: '2026-000001', source: 'invoice', voucher: '2026-0001', total: '140.40' });
  });

  it('a payment posts bank against the receivable; a credit note reverses revenue and VAT; reports agree', async () => {
    vault = openBooksVault('skr04');
    const id = await issued(vault);
    const paid = recordPayment(vault.ctx, id, { amount: '40.40', date: '2026-11-30', method: 'bank_transfer', reference: 'TX-1' });
    const paymentId = paid.payments[0]?.id ?? '';
    expect(linesOf(vault, 'payment', paymentId)).toEqual([['1200', -4040], ['1800', 4040]]);
    const credit = await creditInvoice(vault.ctx, id, { reason: 'Beratung entfällt', lines: [{ description: 'Beratung', quantity: '1', unitPrice: '100.00', vatRate: '19' }] });
    expect(linesOf(vault, 'credit_note', credit.id)).toEqual([['1200', -11900], ['3806', 1900], ['4400', 10000]]);

    const tb = trialBalance(vault.ctx, '2026-01-01', '2026-12-31');
    expect(tb.totalDebit).toBe(tb.totalCredit);
    expect(tb.rows.find((r) => r.account === '1200')?.closing).toBe('-19.00');
    const pnl = profitAndLoss(vault.ctx, '2026-11-01', '2026-11-30');
    expect(pnl).toMatchObject({ totalIncome: '20.00', totalExpenses: '0.00', profit: '20.00' });
    const bs = balanceSheet(vault.ctx, '2026-11-30');
    expect(bs.totalAssets).toBe(bs.totalLiabilitiesAndEquity);
    expect(bs.result).toBe('20.00');
    const vat = vatSummary(vault.ctx, '2026-11-01', '2026-11-30');
    expect(vat.rows.map((r) => [r.code, r.base, r.tax])).toEqual([['U19', '0.00', '0.00'], ['U7', '20.00', '1.40']]);
    expect(vat.form.lines.find((l) => l.line === '86')?.amount).toBe('20.00');
    expect(vat.form.lines.find((l) => l.line === '83')?.amount).toBe('1.40');
    // Overpaid after the credit: the customer holds a credit of 19.00 on the open item.
    expect(aging(vault.ctx, '2026-12-31', 'receivables').total).toBe('-19.00');
  });

  it('posting is idempotent by source: a second call returns the same entry', async () => {
    vault = openBooksVault('skr03');
    const id = await issued(vault);
    const first = vault.db.prepare("SELECT id FROM journal_entries WHERE source_type = 'invoice'").get() as { id: string };
    expect(postSource(vault.ctx, 'invoice', id)).toBe(first.id);
    expect((vault.db.prepare('SELECT COUNT(*) AS n FROM journal_entries').get() as { n: number }).n).toBe(1);
  });

  it('switching the books on posts existing invoices and payments once, in date order', async () => {
    vault = openBooksVault(null);
    const a = await issued(vault);
    recordPayment(vault.ctx, a, { amount: '140.40', date: '2026-11-25', method: 'cash' });
    await issued(vault, [{ description: 'Export', quantity: '1', unitPrice: '50', vatRate: '0', exemptionReason: 'Reverse charge § 13b UStG' }], 'Bau AG');
    expect((vault.db.prepare('SELECT COUNT(*) AS n FROM journal_entries').get() as { n: number }).n).toBe(0);
    enableBooks(vault.ctx, 'skr03', 'accrual');
    const entries = vault.db.prepare('SELECT source_type, seq, date FROM journal_entries ORDER BY seq').all() as { source_type: string; seq: number; date: string }[];
    expect(entries.map((e) => [e.source_type, e.seq])).toEqual([['invoice', 1], ['invoice', 2], ['payment', 3]]);
    expect(linesOf(vault, 'payment', (vault.db.prepare('SELECT id FROM invoice_payments').get() as { id: string }).id)).toEqual([['1000', 14040], ['1400', -14040]]);
    const rc = vatSummary(vault.ctx, '2026-11-01', '2026-11-30').rows.find((r) => r.code === 'RC');
    expect(rc).toMatchObject({ base: '50.00', tax: '0.00' });
    expect(JSON.parse(auditRows(vault.db).find((r) => r.action === 'books.enable')?.details ?? '{}')).toMatchObject({ chart: 'skr03', catchUpEntries: 3 });
    expect(() => enableBooks(vault.ctx, 'skr03', 'accrual')).toThrow(/already switched on/);
  });
});

describe('cash basis (Ist-Versteuerung)', () => {
  it('output VAT waits on "nicht fällig" until paid, and each payment makes its share due; the last one settles the rest exactly', async () => {
    vault = openBooksVault('skr03', 'cash');
    const id = await issued(vault, [{ description: 'Beratung', quantity: '1', unitPrice: '100.00', vatRate: '19' }]);
    expect(linesOf(vault, 'invoice', id)).toEqual([['1400', 11900], ['1766', -1900], ['8400', -10000]]);
    expect(vatSummary(vault.ctx, '2026-11-01', '2026-11-30').rows).toEqual([]);
    recordPayment(vault.ctx, id, { amount: '33.33', date: '2026-12-02', method: 'bank_transfer' });
    recordPayment(vault.ctx, id, { amount: '85.67', date: '2027-01-05', method: 'bank_transfer' });
    const december = vatSummary(vault.ctx, '2026-12-01', '2026-12-31').rows[0];
    const january = vatSummary(vault.ctx, '2027-01-01', '2027-01-31').rows[0];
    // 19.00 × 33.33 / 119 = 5.3219 -> 5.32; the rest 13.68 in January.
    expect([december?.base, december?.tax]).toEqual(['28.01', '5.32']);
    expect([january?.base, january?.tax]).toEqual(['71.99', '13.68']);
    const tb = trialBalance(vault.ctx, '2026-01-01', '2027-12-31');
    expect(tb.rows.find((r) => r.account === '1766')?.closing).toBe('0.00');
    expect(tb.rows.find((r) => r.account === '1776')?.closing).toBe('-19.00');
    // The new year starts its own gapless sequence.
    expect(vault.db.prepare("SELECT fiscal_year, seq FROM journal_entries WHERE date LIKE '2027%'").all()).toEqual([{ fiscal_year: 2027, seq: 1 }]);
  });
});

describe('France (PCG)', () => {
  it('posts 411/706/44571 and fills the CA3 lines', async () => {
    vault = openBooksVault('pcg');
    await issued(vault, [
      { description: 'Prestation', quantity: '2', unitPrice: '50', vatRate: '20' },
      { description: 'Livre', quantity: '1', unitPrice: '10', vatRate: '5.5' },
      { description: 'Livraison UE', quantity: '1', unitPrice: '30', vatRate: '0', exemptionReason: 'Livraison intracommunautaire, art. 262 ter I du CGI' },
    ]);
    const vat = vatSummary(vault.ctx, '2026-11-01', '2026-11-30');
    expect(vat.form.name).toBe('CA3');
    expect(Object.fromEntries(vat.form.lines.map((l) => [l.line, l.amount]))).toEqual({ A1: '110.00', '08': '100.00', '08 TVA': '20.00', '09': '10.00', '09 TVA': '0.55', F2: '30.00', '16': '20.55', '23': '0.00', '28': '20.55' });
  });
});
