/**
 * Money and decimal arithmetic without floating point (DESIGN §5).
 *
 * Amounts are bigint integers of a fixed scale (minor units for money,
 * thousandths for quantities, ten-thousandths for unit prices, hundredths of a
 * percent for VAT rates). bigint, not "safe" numbers: a quantity times a unit
 * price is a scale-7 product that overflows 2^53 at about 900 million, and an
 * overflow would be silent. Decimal strings are the only format at the edges.
 */

/** Thrown for malformed decimal text; core turns it into a ValidationError. */
export class DecimalFormatError extends Error {
  constructor(
    message: string,
    readonly label: string,
  ) {
    super(message);
    this.name = 'DecimalFormatError';
  }
}

/**
 * ISO 4217 minor-unit exponents for the currencies a small business is likely
 * to invoice in. Unknown codes are refused rather than guessed.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BGN: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2,
  DKK: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3,
  JPY: 0, KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2, NZD: 2, OMR: 3, PHP: 2, PLN: 2,
  RON: 2, RSD: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2,
  USD: 2, VND: 0, XOF: 0, ZAR: 2,
};

export const CURRENCIES: readonly string[] = Object.keys(CURRENCY_EXPONENTS).sort();

/** Quantities carry up to 3 decimals (issue 4 item 2). */
export const QUANTITY_SCALE = 3;
/** Unit prices may carry more decimals than the currency (EN 16931 BT-146). */
export const PRICE_SCALE = 4;
/** VAT rates in hundredths of a percent: "7.7" -> 770n. */
export const RATE_SCALE = 2;
/** Exchange rates: 1 invoice-currency unit = rate company-currency units. */
export const EXCHANGE_SCALE = 6;

export function isCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code);
}

export function currencyExponent(code: string): number {
  const exponent = CURRENCY_EXPONENTS[code];
  if (exponent === undefined) {
    throw new DecimalFormatError(`Currency '${code}' is not supported; use an ISO 4217 code such as EUR or USD.`, 'currency');
  }
  return exponent;
}

const POW10: bigint[] = Array.from({ length: 20 }, (_, i) => 10n ** BigInt(i));
function pow10(n: number): bigint {
  const value = POW10[n];
  if (value === undefined) throw new RangeError(`Scale ${n} is out of range.`);
  return value;
}

function example(scale: number): string {
  // "12.50" reads as money to anyone; more zeros would only confuse.
  return scale === 0 ? '12' : scale === 1 ? '12.5' : '12.50';
}

export interface ParseOptions {
  /** Shown in the error, e.g. "Unit price". */
  readonly label: string;
  readonly allowNegative?: boolean;
}

/**
 * Parses "1234.5" into 12345000n at scale 4. Accepts an optional leading
 * minus (when allowed) and a dot as the only decimal separator; refuses
 * commas, exponents, spaces and more decimals than `scale`, because guessing
 * would change amounts silently.
 */
export function parseDecimal(text: string, scale: number, options: ParseOptions): bigint {
  const match = /^(-?)(\d{1,15})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) {
    throw new DecimalFormatError(`${options.label} '${text}' is not a number like ${example(scale)}.`, options.label);
  }
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > scale) {
    const places = scale === 0 ? 'no decimals' : `at most ${scale} decimal${scale === 1 ? '' : 's'}`;
    throw new DecimalFormatError(`${options.label} '${text}' has too many decimals; use ${places}.`, options.label);
  }
  const magnitude = BigInt(whole) * pow10(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
  if (sign === '-' && magnitude !== 0n) {
    if (options.allowNegative !== true) {
      throw new DecimalFormatError(`${options.label} '${text}' must not be negative.`, options.label);
    }
    return -magnitude;
  }
  return magnitude;
}

/** 12345000n at scale 4 -> "1234.5000". Always `scale` decimals, dot separator. */
export function formatDecimal(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}

/** Like formatDecimal, but drops trailing zeros of the fraction: "2.500" -> "2.5", "19.00" -> "19". */
export function formatDecimalTrimmed(value: bigint, scale: number): string {
  const full = formatDecimal(value, scale);
  return scale === 0 ? full : full.replace(/\.?0+$/, '');
}

/**
 * Divides by 10^places rounding half up, i.e. half away from zero, so a
 * credit note's amounts mirror the invoice's exactly (EN 16931 rounds
 * "half up" and says nothing of negatives).
 */
export function roundHalfUp(value: bigint, places: number): bigint {
  if (places <= 0) return value * pow10(-places);
  const divisor = pow10(places);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return negative ? -rounded : rounded;
}

/** Changes the scale of a value, rounding half up when decimals are dropped. */
export function rescale(value: bigint, fromScale: number, toScale: number): bigint {
  return toScale >= fromScale ? value * pow10(toScale - fromScale) : roundHalfUp(value, fromScale - toScale);
}

export function parseMoney(text: string, currency: string, options: ParseOptions): bigint {
  return parseDecimal(text, currencyExponent(currency), options);
}

export function formatMoney(minor: bigint, currency: string): string {
  return formatDecimal(minor, currencyExponent(currency));
}

/**
 * quantity (scale 3) × unit price (scale 4), rounded half up once, to the
 * currency's minor units. Exact: the product is computed at scale 7 first.
 */
export function lineAmount(quantity: bigint, unitPrice: bigint, currency: string): bigint {
  return rescale(quantity * unitPrice, QUANTITY_SCALE + PRICE_SCALE, currencyExponent(currency));
}

/** amount × rate% (rate at RATE_SCALE), rounded half up to the amount's scale. */
export function percentOf(amount: bigint, rate: bigint): bigint {
  return roundHalfUp(amount * rate, RATE_SCALE + 2);
}

/** Converts minor units of one currency to another at a stated rate (EXCHANGE_SCALE), half up. */
export function convert(amount: bigint, from: string, rate: bigint, to: string): bigint {
  return rescale(amount * rate, currencyExponent(from) + EXCHANGE_SCALE, currencyExponent(to));
}

export function sum(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
