import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentAllowanceInput, InvoiceLineInput } from '../../../src-shared/contract-invoicing.js';
import { creditInvoice, issueInvoice } from '../../../src-main/core/invoices/documents.js';
import { createDraft } from '../../../src-main/core/invoices/drafts.js';
import { getInvoice } from '../../../src-main/core/invoices/store.js';
import type { TestVault } from './setup.js';
import { newCustomerId, openTestVault, setUpCompany } from './setup.js';

/**
 * A partial credit note credits its lines' share of the invoice's document
 * allowances and charges (BG-20 / BG-21), per VAT category; the note that
 * credits the last lines of a category takes exactly what is left, so the
 * credit notes add up to the invoice.
 */
let vault: TestVault;
beforeEach(() => {
  vault = openTestVault();
  setUpCompany(vault.ctx);
});

async function issued(lines: InvoiceLineInput[], allowances: DocumentAllowanceInput[]): Promise<string> {
  const { id } = createDraft(vault.ctx, { customerId: newCustomerId(vault.ctx), lines, allowances, notes: '' });
  await issueInvoice(vault.ctx, id);
  return id;
}

const consulting = (hours: string): InvoiceLineInput => ({ description: 'Consulting', quantity: hours, unit: 'hours', unitPrice: '120', vatRate: '19' });
const BOOK: InvoiceLineInput = { description: 'Book', quantity: '2', unit: 'pcs', unitPrice: '25', vatRate: '7' };

describe('partial credit notes and document allowances', () => {
  it('credits half the 19 % lines with half the 19 % discount and freight, then the rest with what is left, adding up to the invoice', async () => {
    const id = await issued([consulting('10'), BOOK], [
      { charge: false, reason: 'Loyalty discount', reasonCode: '95', vatRate: '19', percent: '10' },
      { charge: true, reason: 'Freight', reasonCode: 'FC', vatRate: '19', amount: '12.50' },
    ]);
    const invoice = getInvoice(vault.ctx, id);
    expect(invoice.totals.gross).toBe('1353.58');

    const first = await creditInvoice(vault.ctx, id, { lines: [consulting('5')] });
    // 600.00 − 10 % of 600.00 + 12.50 × 600 / 1200; VAT 19 % of 546.25 = 103.79.
    expect(first.allowances.map((a) => [a.charge, a.reason, a.percent, a.base, a.amount])).toEqual([
      [false, 'Loyalty discount', '10', '600.00', '60.00'],
      [true, 'Freight', null, null, '6.25'],
    ]);
    expect(first.totals).toMatchObject({ lineTotal: '600.00', allowanceTotal: '60.00', chargeTotal: '6.25', net: '546.25', vat: '103.79', gross: '650.04' });

    const rest = await creditInvoice(vault.ctx, id, { lines: [consulting('5'), BOOK] });
    expect(rest.totals).toMatchObject({ allowanceTotal: '60.00', chargeTotal: '6.25', net: '596.25', vat: '107.29', gross: '703.54' });
    expect(getInvoice(vault.ctx, id)).toMatchObject({ status: 'credited', balance: '0.00' });
    await expect(creditInvoice(vault.ctx, id, { lines: [consulting('0.01')] })).rejects.toThrow(/exceeds what is left to credit/);
  });

  it('rounds each share half up and lets the last credit note take the remainder to the cent', async () => {
    const lines = [{ description: 'Widget', quantity: '3', unitPrice: '100', vatRate: '19' }];
    const id = await issued(lines, [{ charge: true, reason: 'Packing', vatRate: '19', amount: '10' }]);
    const one = [{ description: 'Widget', quantity: '1', unitPrice: '100', vatRate: '19' }];
    const notes = [];
    for (let i = 0; i < 3; i += 1) notes.push((await creditInvoice(vault.ctx, id, { lines: one })).totals);
    // 10.00 / 3 = 3.333… → 3.33, 3.33, and the last one the remaining 3.34: the nets add up to the invoice's 310.00.
    expect(notes.map((t) => t.chargeTotal)).toEqual(['3.33', '3.33', '3.34']);
    expect(notes.map((t) => t.net)).toEqual(['103.33', '103.33', '103.34']);
    // Each credit note computes its own VAT (19.63 three times against the invoice's 58.90): a cent may stay open.
    expect(getInvoice(vault.ctx, id).balance).toBe('0.01');
  });

  it('credits no allowance of another VAT category, and none twice', async () => {
    const id = await issued([consulting('10'), BOOK], [{ charge: false, reason: 'Book club', vatRate: '7', amount: '5' }]);
    const consultingOnly = await creditInvoice(vault.ctx, id, { lines: [consulting('10')] });
    expect(consultingOnly.allowances).toEqual([]);
    expect(consultingOnly.totals.gross).toBe('1428.00');
    const books = await creditInvoice(vault.ctx, id, { lines: [BOOK] });
    expect(books.allowances.map((a) => a.amount)).toEqual(['5.00']);
    // 50.00 − 5.00 at 7 %: 45.00 + 3.15.
    expect(books.totals.gross).toBe('48.15');
    expect(getInvoice(vault.ctx, id).balance).toBe('0.00');
  });
});
