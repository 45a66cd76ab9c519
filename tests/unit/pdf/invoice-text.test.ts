import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src-main/core/errors.js';
import { formatDate, formatDecimal, formatIban, formatMoney, formatQuantity } from '../../../src-main/core/pdf/invoice-text.js';

describe('invoice number formatting (strings only, no floats)', () => {
  it('groups thousands per locale and pads cents', () => {
    expect(formatDecimal('1234567.5', 'en')).toBe('1,234,567.50');
    expect(formatDecimal('1234567.5', 'fr')).toBe('1\u202f234\u202f567,50');
    expect(formatDecimal('0.10', 'en')).toBe('0.10');
    expect(formatDecimal('-0.00', 'en')).toBe('0.00');
  });
  it('keeps digits that a float would lose', () => {
    expect(formatDecimal('90071992547409931.01', 'en')).toBe('90,071,992,547,409,931.01');
  });
  it('refuses unrounded or non-decimal input instead of guessing', () => {
    expect(() => formatDecimal('1.005', 'en')).toThrow(ValidationError);
    expect(() => formatDecimal('1e3', 'en')).toThrow(ValidationError);
  });
  it('formats money, quantities, dates and IBANs', () => {
    expect(formatMoney('-19.9', 'EUR', 'en')).toBe('-€19.90');
    expect(formatMoney('1234.5', 'EUR', 'fr')).toBe('1\u202f234,50\u00a0€');
    expect(formatMoney('12', 'CHF', 'en')).toBe('12.00\u00a0CHF');
    expect(formatQuantity('2.500', 'en')).toBe('2.5');
    expect(formatDate('2026-02-03', 'fr')).toBe('3 février 2026');
    expect(() => formatDate('2026-13-01', 'en')).toThrow(ValidationError);
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});
