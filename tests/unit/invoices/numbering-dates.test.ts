import { describe, expect, it } from 'vitest';
import { isValidIban } from '../../../src-main/core/invoices/company.js';
import { addDays, addMonthsClamped, isRealDate } from '../../../src-main/core/invoices/dates.js';
import { formatNumber, seriesKey, validateSeries } from '../../../src-main/core/invoices/numbering.js';
import { periodDate, periodsDue, servicePeriodOf } from '../../../src-main/core/invoices/recurring.js';

describe('number series patterns', () => {
  it('formats date tokens and a zero-padded counter', () => {
    expect(formatNumber('{YYYY}-{NNNN}', '2026-11-24', 42)).toBe('2026-0042');
    expect(formatNumber('CN-{YY}{MM}-{NNN}', '2026-03-01', 7)).toBe('CN-2603-007');
    expect(formatNumber('INV{N}', '2026-03-01', 12345)).toBe('INV12345');
    expect(formatNumber('{YYYY}-{NN}', '2026-01-01', 100)).toBe('2026-100');
  });

  it('scopes the counter by the rendered date part', () => {
    expect(seriesKey('invoice', '{YYYY}-{NNNN}', '2026-12-31')).toBe('invoice:2026-{N}');
    expect(seriesKey('invoice', '{YYYY}-{NNNN}', '2027-01-01')).toBe('invoice:2027-{N}');
    expect(seriesKey('invoice', 'R-{NNNN}', '2027-01-01')).toBe('invoice:R-{N}');
    expect(seriesKey('credit_note', '{YYYY}/{MM}-{NNN}', '2027-02-01')).toBe('credit_note:2027/02-{N}');
  });

  it.each(['{YYYY}', '{YYYY}-{NNN}-{NN}', 'INV {NNNN}', '{DD}-{NNNN}', '{YYYY}-{NNNN}}'])('refuses %j', (pattern) => {
    expect(() => {
      validateSeries(pattern, 'invoiceSeries');
    }).toThrow(/number pattern/);
  });
});

describe('dates', () => {
  it('checks calendar dates and adds days across months and leap years', () => {
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2026-02-29')).toBe(false);
    expect(isRealDate('2026-13-01')).toBe(false);
    expect(addDays('2026-11-24', 30)).toBe('2026-12-24');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('clamps month ends without drifting', () => {
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonthsClamped('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('lists recurring periods from the start date up to today and the end date', () => {
    const dates = (...args: Parameters<typeof periodsDue>): string[] => periodsDue(...args).map((p) => p.date);
    expect(dates('2026-01-31', 'monthly', null, '2026-05-15')).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(dates('2026-01-15', 'quarterly', null, '2026-12-31')).toEqual(['2026-01-15', '2026-04-15', '2026-07-15', '2026-10-15']);
    expect(dates('2024-02-29', 'yearly', '2026-12-31', '2030-01-01')).toEqual(['2024-02-29', '2025-02-28', '2026-02-28']);
    expect(periodsDue('2026-12-01', 'monthly', null, '2026-11-30')).toEqual([]);
    expect(periodsDue('2026-01-31', 'monthly', null, '2026-02-28').map((p) => p.index)).toEqual([0, 1]);
    expect(periodDate('2026-08-31', 'monthly', 6)).toBe('2027-02-28');
  });

  it('states the delivery period of a run: the one it starts, the one before, or none', () => {
    expect(servicePeriodOf('2026-01-01', 'monthly', 1, 'this')).toEqual({ periodStart: '2026-02-01', periodEnd: '2026-02-28' });
    expect(servicePeriodOf('2026-01-01', 'monthly', 1, 'previous')).toEqual({ periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    // The first run in arrears bills the period before the start date.
    expect(servicePeriodOf('2026-01-01', 'quarterly', 0, 'previous')).toEqual({ periodStart: '2025-10-01', periodEnd: '2025-12-31' });
    expect(servicePeriodOf('2024-03-01', 'yearly', 0, 'this')).toEqual({ periodStart: '2024-03-01', periodEnd: '2025-02-28' });
    // Clamped month ends: the periods join without a gap or an overlap.
    expect(servicePeriodOf('2026-01-31', 'monthly', 0, 'this')).toEqual({ periodStart: '2026-01-31', periodEnd: '2026-02-27' });
    expect(servicePeriodOf('2026-01-31', 'monthly', 1, 'this')).toEqual({ periodStart: '2026-02-28', periodEnd: '2026-03-30' });
    expect(servicePeriodOf('2026-01-01', 'monthly', 3, 'none')).toBeNull();
  });
});

describe('IBAN', () => {
  it('checks mod 97', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('FR1420041010050500013M02606')).toBe(true);
    expect(isValidIban('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(isValidIban('DE00')).toBe(false);
  });
});
