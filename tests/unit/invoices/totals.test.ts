import { describe, expect, it } from 'vitest';
import type { InvoiceLineInput } from '../../../src-shared/contract-invoicing.js';
import { ValidationError } from '../../../src-main/core/errors.js';
import { computeTotals, formatTotals, parseExchangeRate, parseLines } from '../../../src-main/core/invoices/totals.js';
import { seededRandom } from './random.js';

function totalsOf(lines: InvoiceLineInput[], currency = 'EUR', rate: string | null = null, company = 'EUR') {
  const parsed = parseLines(lines, currency);
  const fx = parseExchangeRate(currency, { companyCurrency: company, exchangeRate: rate });
  return formatTotals(computeTotals(parsed, currency, fx, company));
}

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('EN 16931 totals', () => {
  it('2.5 × 33.33 at 19 %: line net rounded once, VAT on the net', () => {
    const totals = totalsOf([{ description: 'Consulting', quantity: '2.5', unitPrice: '33.33', vatRate: '19' }]);
    // 83.325 -> 83.33; 83.33 × 0.19 = 15.8327 -> 15.83; 83.33 + 15.83 = 99.16
    expect(totals).toMatchObject({ lineTotal: '83.33', net: '83.33', vat: '15.83', gross: '99.16' });
    expect(totals.vatBreakdown).toEqual([{ rate: '19', taxable: '83.33', vat: '15.83', exemptionReason: null }]);
  });

  it('mixed rates: VAT per category on the summed net (BR-CO-14, BR-CO-17)', () => {
    const totals = totalsOf([
      { description: 'Service', quantity: '1', unitPrice: '100', vatRate: '19' },
      { description: 'Books', quantity: '3', unitPrice: '9.99', vatRate: '7' },
      { description: 'Small part', quantity: '0.333', unitPrice: '10.00', vatRate: '19' },
    ]);
    // 19 %: 100.00 + 3.33 = 103.33 -> 19.6327 -> 19.63; 7 %: 29.97 -> 2.0979 -> 2.10
    expect(totals.vatBreakdown).toEqual([
      { rate: '19', taxable: '103.33', vat: '19.63', exemptionReason: null },
      { rate: '7', taxable: '29.97', vat: '2.10', exemptionReason: null },
    ]);
    expect(totals).toMatchObject({ net: '133.30', vat: '21.73', gross: '155.03' });
  });

  it('rounds VAT per category, not per line', () => {
    // Per line: 0.30 × 5 % = 0.015 -> 0.02, three times 0.06. Per category: 0.90 × 5 % = 0.045 -> 0.05.
    const line = { description: 'Item', quantity: '1', unitPrice: '0.30', vatRate: '5' };
    expect(totalsOf([line, line, line]).vat).toBe('0.05');
  });

  it('subtracts the line discount before VAT', () => {
    const totals = totalsOf([{ description: 'Licence', quantity: '2', unitPrice: '50', vatRate: '20', discount: '10.00' }]);
    expect(totals).toMatchObject({ net: '90.00', vat: '18.00', gross: '108.00' });
  });

  it('0 % needs an exemption reason, named by field path', () => {
    const error = errorOf(() => parseLines([{ description: 'Export', quantity: '1', unitPrice: '10', vatRate: '0' }], 'EUR'));
    expect(error.fields).toHaveProperty(['lines.0.exemptionReason']);
    const totals = totalsOf([
      { description: 'Export', quantity: '1', unitPrice: '10', vatRate: '0', exemptionReason: 'Intra-community supply' },
    ]);
    expect(totals.vatBreakdown).toEqual([{ rate: '0', taxable: '10.00', vat: '0.00', exemptionReason: 'Intra-community supply' }]);
  });

  it('names every bad field with a readable message', () => {
    const error = errorOf(() =>
      parseLines([{ description: ' ', quantity: '1.2345', unitPrice: '12,5', vatRate: '120' }], 'EUR'),
    );
    expect(error.fields).toMatchObject({
      'lines.0.description': 'Line 1: enter a description.',
      'lines.0.quantity': "Line 1: Quantity '1.2345' has too many decimals; use at most 3 decimals.",
      'lines.0.unitPrice': "Line 1: Unit price '12,5' is not a number like 12.50.",
      'lines.0.vatRate': 'Line 1: a VAT rate cannot exceed 100 %.',
    });
  });

  it('zero-decimal currencies round to whole units', () => {
    expect(totalsOf([{ description: 'x', quantity: '3', unitPrice: '1000.5', vatRate: '10' }], 'JPY', '0.0061')).toMatchObject({
      net: '3002',
      vat: '300',
      gross: '3302',
    });
  });

  it('multi-currency: needs a rate and states the VAT in company currency (BT-111)', () => {
    const line = { description: 'Consulting', quantity: '2.5', unitPrice: '33.33', vatRate: '19' };
    expect(errorOf(() => totalsOf([line], 'USD', null)).fields).toHaveProperty(['exchangeRate']);
    expect(errorOf(() => totalsOf([line], 'USD', '0')).fields).toHaveProperty(['exchangeRate']);
    const totals = totalsOf([line], 'USD', '0.9234');
    // 15.83 USD × 0.9234 = 14.617422 -> 14.62 EUR
    expect(totals.accounting).toEqual({ currency: 'EUR', exchangeRate: '0.9234', vat: '14.62' });
    expect(totalsOf([line]).accounting).toBeUndefined();
  });

  it('property: totals are the sums of their parts, VAT within half a cent of exact', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 300; round += 1) {
      const lines: InvoiceLineInput[] = Array.from({ length: random.int(1, 12) }, () => {
        const rate = random.pick(['0', '5.5', '7', '19', '20', '7.7']);
        return {
          description: 'x',
          quantity: `${random.int(0, 999)}.${String(random.int(0, 999)).padStart(3, '0')}`,
          unitPrice: `${random.int(0, 99999)}.${String(random.int(0, 9999)).padStart(4, '0')}`,
          vatRate: rate,
          exemptionReason: rate === '0' ? 'Exempt' : null,
        };
      });
      const totals = computeTotals(parseLines(lines, 'EUR'), 'EUR', null, 'EUR');
      const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);
      expect(totals.lineTotal).toBe(sum(totals.lineNets));
      expect(sum(totals.groups.map((g) => g.taxable))).toBe(totals.net);
      expect(totals.vat).toBe(sum(totals.groups.map((g) => g.vat)));
      expect(totals.gross).toBe(totals.net + totals.vat);
      for (const group of totals.groups) {
        const exactTimes10000 = group.taxable * group.rate; // rate has 2 decimals, percent: /10000
        const diff = group.vat * 10000n - exactTimes10000;
        expect(diff <= 5000n && diff >= -5000n).toBe(true);
      }
    }
  });
});
