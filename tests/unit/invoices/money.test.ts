import { describe, expect, it } from 'vitest';
import {
  DecimalFormatError,
  convert,
  currencyExponent,
  formatDecimal,
  formatDecimalTrimmed,
  formatMoney,
  lineAmount,
  parseDecimal,
  parseMoney,
  percentOf,
  roundHalfUp,
} from '../../../src-shared/money.js';
import { seededRandom } from './random.js';

describe('parseDecimal', () => {
  it('parses dot decimals at a fixed scale', () => {
    expect(parseDecimal('12.5', 2, { label: 'Price' })).toBe(1250n);
    expect(parseDecimal('0.001', 3, { label: 'Quantity' })).toBe(1n);
    expect(parseDecimal(' 7 ', 2, { label: 'Rate' })).toBe(700n);
    expect(parseDecimal('-3.25', 2, { label: 'Amount', allowNegative: true })).toBe(-325n);
  });

  it('refuses commas with a message a person can act on', () => {
    expect(() => parseDecimal('12,5', 4, { label: 'Unit price' })).toThrow("Unit price '12,5' is not a number like 12.50.");
    expect(() => parseDecimal('12,5', 4, { label: 'Unit price' })).toThrow(DecimalFormatError);
  });

  it.each(['', 'abc', '1e3', '1.', '.5', '1 000', '+1', '0x10', 'NaN', 'Infinity', '1234567890123456'])('refuses %j', (text) => {
    expect(() => parseDecimal(text, 2, { label: 'Amount' })).toThrow(/is not a number like/);
  });

  it('refuses too many decimals instead of rounding silently', () => {
    expect(() => parseDecimal('2.5555', 3, { label: 'Quantity' })).toThrow("Quantity '2.5555' has too many decimals; use at most 3 decimals.");
    expect(() => parseMoney('100.5', 'JPY', { label: 'Amount' })).toThrow('use no decimals');
  });

  it('refuses negatives unless allowed', () => {
    expect(() => parseDecimal('-1', 2, { label: 'Quantity' })).toThrow("Quantity '-1' must not be negative.");
    expect(parseDecimal('-0.00', 2, { label: 'Quantity' })).toBe(0n);
  });
});

describe('format', () => {
  it('pads to the scale and keeps the sign', () => {
    expect(formatDecimal(5n, 2)).toBe('0.05');
    expect(formatDecimal(-5n, 2)).toBe('-0.05');
    expect(formatDecimal(123456n, 0)).toBe('123456');
    expect(formatDecimalTrimmed(2500n, 3)).toBe('2.5');
    expect(formatDecimalTrimmed(1900n, 2)).toBe('19');
    expect(formatMoney(100n, 'JPY')).toBe('100');
    expect(formatMoney(100n, 'KWD')).toBe('0.100');
  });

  it('round-trips random integers', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 2000; i += 1) {
      const scale = random.int(0, 6);
      const value = random.bigint(10n ** 14n) * (random.int(0, 1) === 0 ? 1n : -1n);
      expect(parseDecimal(formatDecimal(value, scale), scale, { label: 'x', allowNegative: true })).toBe(value);
    }
  });
});

describe('currencies', () => {
  it('knows ISO 4217 exponents and refuses unknown codes', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(() => currencyExponent('XYZ')).toThrow("Currency 'XYZ' is not supported");
  });
});

describe('rounding and products', () => {
  it('rounds half up (away from zero), not half even', () => {
    expect(roundHalfUp(125n, 1)).toBe(13n);
    expect(roundHalfUp(124n, 1)).toBe(12n);
    expect(roundHalfUp(115n, 1)).toBe(12n); // half-even would give 12 too; 125 is the discriminating case
    expect(roundHalfUp(-125n, 1)).toBe(-13n);
    expect(roundHalfUp(-124n, 1)).toBe(-12n);
  });

  it('multiplies quantity × unit price exactly before one rounding', () => {
    // 2.5 × 33.33 = 83.325 -> 83.33
    expect(lineAmount(2500n, 333300n, 'EUR')).toBe(8333n);
    // 0.333 × 0.3333 = 0.11098... -> 0.11
    expect(lineAmount(333n, 3333n, 'EUR')).toBe(11n);
    // 3 × 1000.5 JPY = 3001.5 -> 3002
    expect(lineAmount(3000n, 10005000n, 'JPY')).toBe(3002n);
    // Far beyond 2^53 at scale 7, still exact: 999999.999 × 99999999.9999 = 99999999899900.0000001
    expect(formatMoney(lineAmount(999999999n, 999999999999n, 'EUR'), 'EUR')).toBe('99999999899900.00');
  });

  it('computes a percentage half up', () => {
    expect(percentOf(8333n, 1900n)).toBe(1583n); // 15.8327
    expect(percentOf(2997n, 700n)).toBe(210n); // 2.0979
    expect(percentOf(90n, 500n)).toBe(5n); // 0.045 -> 0.05
  });

  it('converts between currencies at a stated rate', () => {
    // 15.83 USD × 0.9234 = 14.617422 EUR -> 14.62
    expect(convert(1583n, 'USD', 923400n, 'EUR')).toBe(1462n);
    // 1000 JPY × 0.0061 = 6.10 EUR
    expect(convert(1000n, 'JPY', 6100n, 'EUR')).toBe(610n);
  });
});
