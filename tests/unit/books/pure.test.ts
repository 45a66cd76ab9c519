import { describe, expect, it } from 'vitest';
import { pairs } from '../../../src-main/core/books/exports/entries.js';
import type { ExportEntry } from '../../../src-main/core/books/exports/entries.js';
import { sirenOf } from '../../../src-main/core/books/exports/fec.js';
import { accountName } from '../../../src-main/core/books/exports/journal.js';
import { parsePeriod, periodsOf } from '../../../src-main/core/books/periods.js';
import { share } from '../../../src-main/core/books/sources/vat-lines.js';
import { CHART_DEFINITIONS } from '../../../src-main/core/books/charts/index.js';
import { ACCOUNT_ROLES } from '../../../src-main/core/books/charts/types.js';

describe('periods', () => {
  it('parses months, quarters and years into date ranges, leap years included', () => {
    expect(parsePeriod('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(parsePeriod('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(parsePeriod('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(() => parsePeriod('2026-Q5')).toThrow(/not a period/);
    expect(periodsOf('2026-11-30')).toEqual(['2026-11', '2026-Q4', '2026']);
  });
});

describe('cash-basis shares', () => {
  it('rounds half up and the cumulative shares always add up to the whole', () => {
    expect(share(1900n, 3333n, 11900n)).toBe(532n);
    expect(share(1n, 1n, 2n)).toBe(1n);
    for (let paid = 0n; paid <= 11900n; paid += 1n) {
      const first = share(1900n, paid, 11900n);
      const rest = share(1900n, 11900n, 11900n) - first;
      expect(first + rest).toBe(1900n);
    }
  });
});

describe('exports', () => {
  it('finds the SIREN in a SIRET or a French VAT id', () => {
    expect(sirenOf('732 829 320 00074', '')).toBe('732829320');
    expect(sirenOf('', 'FR 44 732829320')).toBe('732829320');
    expect(sirenOf('HRB 1234', 'DE123456789')).toBeNull();
  });

  it('pairs every line against the largest one, preserving each account total', () => {
    const line = (account: string, amount: bigint) => ({ account, accountName: account, amount, vatCode: null, text: '', party: null, openItem: null });
    const entry: ExportEntry = { id: 'e', number: '2026-000001', date: '2026-11-01', postedAt: '2026-11-01T00:00:00Z', text: 't', sourceType: 'manual', voucher: 'v', lines: [line('1400', 11900n), line('8400', -10000n), line('1776', -1900n)] };
    expect(pairs(entry).map((p) => [p.debit, p.credit, p.amount])).toEqual([['1400', '8400', 10000n], ['1400', '1776', 1900n]]);
  });

  it('journal account names carry no comment, tab or double-space characters', () => {
    expect(accountName('4930', 'Büro ; bedarf  (neu)\t#1')).toBe('4930 Büro bedarf neu 1');
  });
});

describe('charts', () => {
  it.each(Object.values(CHART_DEFINITIONS))('$id gives every role one account, and every account code and VAT account exists', (chart) => {
    const numbers = new Set(chart.accounts.map(([n]) => n));
    expect(numbers.size).toBe(chart.accounts.length);
    for (const role of ACCOUNT_ROLES) expect([role, chart.accounts.filter((a) => a[4] === role).length]).toEqual([role, 1]);
    const codes = new Set(chart.vatCodes.map((c) => c.code));
    for (const account of chart.accounts) if (account[3] !== undefined) expect(codes.has(account[3])).toBe(true);
    for (const code of chart.vatCodes) {
      for (const number of [code.taxAccount, code.pendingAccount, code.owedAccount]) if (number !== undefined) expect([code.code, numbers.has(number)]).toEqual([code.code, true]);
      if (code.rate !== '0' && code.direction === 'output') expect(code.taxAccount).toBeDefined();
    }
  });
});
