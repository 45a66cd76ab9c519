import { afterEach, describe, expect, it } from 'vitest';
import { closePeriod } from '../../../src-main/core/books/periods.js';
import { enableBooks } from '../../../src-main/core/books/setup.js';
import { trialBalance } from '../../../src-main/core/books/reports/statements.js';
import { vatSummary } from '../../../src-main/core/books/reports/vat.js';
import { confirmSupplierInvoice, listSupplierInvoices, receiveEInvoice } from '../../../src-main/core/einvoice/receive.js';
import type { TestVault } from './setup.js';
import { auditRows, linesOf, openBooksVault, useEInvoiceRules, xrechnung0110 } from './setup.js';

let vault: TestVault;
const xrechnung = xrechnung0110;
useEInvoiceRules();
afterEach(() => {
  vault.close();
});

describe('confirmed supplier e-invoices in the books', () => {
  it('posts expense, input VAT per rate and the payable on confirmation; trial balance and UStVA Kz 66 agree', async () => {
    vault = openBooksVault('skr03');
    const received = await receiveEInvoice(vault.ctx, xrechnung(), '01.10a.xml');
    expect(received.valid).toBe(true);
    expect(linesOf(vault, 'supplier_invoice', received.id)).toEqual([]);
    confirmSupplierInvoice(vault.ctx, received.id);
    expect(linesOf(vault, 'supplier_invoice', received.id)).toEqual([['1576', 41420], ['1600', -259420], ['3400', 218000]]);
    const actions = auditRows(vault.db).map((r) => r.action);
    expect(actions.slice(actions.indexOf('einvoice.confirm'), actions.indexOf('einvoice.confirm') + 2)).toEqual(['einvoice.confirm', 'books.post']);
    const entry = vault.db.prepare("SELECT voucher, date FROM journal_entries WHERE source_type = 'supplier_invoice'").get();
    expect(entry).toEqual({ voucher: 'Rechnungsnummer', date: '2016-06-27' });

    const tb = trialBalance(vault.ctx, '2016-01-01', '2016-12-31');
    expect([tb.totalDebit, tb.totalCredit]).toEqual(['2594.20', '2594.20']);
    const vat = vatSummary(vault.ctx, '2016-06-01', '2016-06-30');
    expect(vat.rows.map((r) => [r.code, r.base, r.tax])).toEqual([['V19', '2180.00', '414.20']]);
    expect(vat.form.lines.find((l) => l.line === '66')?.amount).toBe('414.20');
  });

  it('refuses the confirmation in a closed period; switching the books on later posts a confirmed one once', async () => {
    vault = openBooksVault('skr04');
    const first = await receiveEInvoice(vault.ctx, xrechnung(), 'closed.xml');
    closePeriod(vault.ctx, '2016-06');
    expect(() => confirmSupplierInvoice(vault.ctx, first.id)).toThrow(/period 2016-06 is closed/);
    expect(listSupplierInvoices(vault.ctx, 'confirmed')).toEqual([]);
    vault.close();

    vault = openBooksVault(null);
    const later = await receiveEInvoice(vault.ctx, xrechnung(), 'before-books.xml');
    confirmSupplierInvoice(vault.ctx, later.id);
    enableBooks(vault.ctx, 'skr04', 'accrual');
    expect(linesOf(vault, 'supplier_invoice', later.id)).toEqual([['1406', 41420], ['3300', -259420], ['5400', 218000]]);
    expect(vault.db.prepare('SELECT count(*) AS n FROM journal_entries').get()).toEqual({ n: 1 });
  });
});
