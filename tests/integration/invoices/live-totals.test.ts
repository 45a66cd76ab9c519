import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvoiceLineInput } from '../../../src-shared/contract-invoicing.js';
import type { InvoicingDispatcher, TestVault } from './setup.js';
import { auditRows, invoicingDispatcher, newCustomerId, openTestVault, setUpCompany } from './setup.js';

let vault: TestVault;
let sut: InvoicingDispatcher;

beforeEach(() => {
  vault = openTestVault();
  setUpCompany(vault.ctx);
  sut = invoicingDispatcher(vault);
});
afterEach(() => {
  sut.close();
  vault.close();
});

const MIXED: InvoiceLineInput[] = [
  { description: 'Consulting', quantity: '12.5', unitPrice: '95.00', vatRate: '19' },
  { description: 'Travel', quantity: '1', unitPrice: '120.00', vatRate: '19', discount: '20.00' },
  { description: 'Handbook', quantity: '3', unitPrice: '33.33', vatRate: '7' },
];

describe('invoices.computeTotals (the editor’s live totals)', () => {
  it('returns the totals createDraft stores, writes no audit row and no draft', async () => {
    const customerId = newCustomerId(vault.ctx);
    sut.signIn('bookkeeper');
    const before = auditRows(vault.db).length;
    const live = await sut.dispatcher.call('invoices.computeTotals', { lines: MIXED, issueDate: '2026-11-24' });
    if (!live.ok) throw new Error(live.error.message);
    expect(auditRows(vault.db)).toHaveLength(before);
    expect((vault.db.prepare('SELECT count(*) AS n FROM invoices').get() as { n: number }).n).toBe(0);

    const saved = await sut.dispatcher.call('invoices.createDraft', { customerId, lines: MIXED, issueDate: '2026-11-24' });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(live.value.totals).toEqual(saved.value.totals);
    expect(live.value.totals).toMatchObject({ net: '1387.49', gross: '1639.12' });
    expect(live.value.lineNets).toEqual(saved.value.lines.map((line) => line.net));
    expect(live.value.lineNets).toEqual(['1187.50', '100.00', '99.99']);
    // Due date from the payment terms (30 days), as the save stored it.
    expect(live.value.dueDate).toBe('2026-12-24');
    expect(saved.value.dueDate).toBe('2026-12-24');
    expect(auditRows(vault.db).map((row) => row.action).slice(before)).toEqual(['invoices.createDraft']);
  });

  it('names bad fields by the same paths as createDraft', async () => {
    const customerId = newCustomerId(vault.ctx);
    sut.signIn('owner');
    const lines: InvoiceLineInput[] = [
      { description: 'Consulting', quantity: '1', unitPrice: '95,00', vatRate: '19' },
      { description: '', quantity: 'two', unitPrice: '1.00', vatRate: '0' },
    ];
    const live = await sut.dispatcher.call('invoices.computeTotals', { lines, currency: 'USD' });
    const saved = await sut.dispatcher.call('invoices.createDraft', { customerId, lines, currency: 'USD' });
    if (live.ok || saved.ok) throw new Error('both should be refused');
    expect(live.error.code).toBe('VALIDATION');
    expect(live.error.fields).toEqual(saved.error.fields);
    expect(Object.keys(live.error.fields ?? {})).toEqual(
      expect.arrayContaining(['lines.0.unitPrice', 'lines.1.description', 'lines.1.quantity', 'lines.1.exemptionReason']),
    );
    // Schema-level errors (zod) carry paths too.
    const schema = await sut.dispatcher.call('invoices.computeTotals', { lines: [] });
    if (schema.ok) throw new Error('an empty draft should be refused');
    expect(Object.keys(schema.error.fields ?? {})).toContain('lines');
  });

  it('states the company-currency VAT for a foreign-currency draft', async () => {
    sut.signIn('accountant');
    const missing = await sut.dispatcher.call('invoices.computeTotals', { lines: MIXED, currency: 'USD' });
    if (missing.ok) throw new Error('a foreign currency needs its rate');
    expect(missing.error.fields?.['exchangeRate']).toContain('exchange rate');
    const live = await sut.dispatcher.call('invoices.computeTotals', { lines: MIXED, currency: 'USD', exchangeRate: '0.9' });
    if (!live.ok) throw new Error(live.error.message);
    expect(live.value.totals.accounting).toMatchObject({ currency: 'EUR', exchangeRate: '0.9' });
  });

  it('is refused to an auditor, who may only read', async () => {
    sut.signIn('auditor');
    const answer = await sut.dispatcher.call('invoices.computeTotals', { lines: MIXED });
    expect(answer.ok ? 'ok' : answer.error.code).toBe('FORBIDDEN');
  });
});
