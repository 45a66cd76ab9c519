/**
 * Money amounts as printed on receipts: decimal point or comma, thousands
 * grouped by point, comma, apostrophe or a thin space. Values stay decimal
 * strings and integer minor units (CONVENTIONS: no floating point on money).
 */
export interface FoundAmount {
  /** Normalised decimal string, e.g. "1234.50". */
  readonly value: string;
  /** The same value in minor units (hundredths), for comparing without floats. */
  readonly minor: bigint;
  readonly negative: boolean;
  /** Followed by a percent sign: a rate, not money. */
  readonly percent: boolean;
  readonly start: number;
  readonly end: number;
}

// Integer part: plain digits or 1-3 digits then groups of 3 behind one separator;
// exactly two decimals, which is what receipts print and what tells an amount
// from a quantity, a code or a date part (25.12.2018 is excluded by the look-arounds).
const AMOUNT =
  /(?<![\d.,'])(-)?(\d{1,3}(?:([.,'\u00a0\u202f])\d{3})(?:\3\d{3})*|\d+)([.,])(\d{2})(?![\d])(?![.,]\d)(-(?!\d))?(\s?%)?/g;

export function findAmounts(line: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  for (const match of line.matchAll(AMOUNT)) {
    const [, minusBefore, integerPart = '', groupSeparator, decimalSeparator, decimals = '', minusAfter, percentSign] = match;
    // "1.234.56" or "1,234,56" would use one mark for both jobs: not an amount.
    if (groupSeparator !== undefined && groupSeparator === decimalSeparator) continue;
    const integerDigits = integerPart.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
    const value = `${integerDigits}.${decimals}`;
    found.push({
      value,
      minor: BigInt(integerDigits + decimals),
      negative: minusBefore !== undefined || minusAfter !== undefined,
      percent: percentSign !== undefined,
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return found;
}

/** Money amounts only: no rates, no negative lines (discounts, refunds). */
export function findMoney(line: string): FoundAmount[] {
  return findAmounts(line).filter((amount) => !amount.percent && !amount.negative);
}

export function largest(amounts: readonly FoundAmount[]): FoundAmount | undefined {
  let best: FoundAmount | undefined;
  for (const amount of amounts) if (best === undefined || amount.minor > best.minor) best = amount;
  return best;
}

export function smallest(amounts: readonly FoundAmount[]): FoundAmount | undefined {
  let best: FoundAmount | undefined;
  for (const amount of amounts) if (best === undefined || amount.minor < best.minor) best = amount;
  return best;
}

/** Minor units back to a decimal string: 1234n → "12.34". */
export function minorToDecimal(minor: bigint): string {
  const digits = minor.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
