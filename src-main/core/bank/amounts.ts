import type { RejectionReason } from '../../../src-shared/bank.js';
import { currencyExponent, formatMoney, isCurrency } from '../../../src-shared/money.js';

/** Why an amount has no minor units: in English, and for the app to word. */
export interface AmountProblem {
  readonly message: string;
  readonly reason: RejectionReason;
}

/**
 * Canonical decimals from the parsers to minor units of a currency. Extra
 * trailing zeros are fine ("18.150" EUR is 1815); a non-zero digit beyond
 * the currency's exponent is refused, never rounded.
 */
export function minorOrProblem(amount: string, currency: string): bigint | AmountProblem {
  if (!isCurrency(currency)) return { message: `the currency ${currency} is not supported.`, reason: { code: 'unknown-currency', params: { currency } } };
  const exponent = currencyExponent(currency);
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(amount);
  if (!m) return { message: `'${amount}' is not an amount.`, reason: { code: 'not-an-amount', params: { value: amount } } };
  const [, sign = '', whole = '0', fraction = ''] = m;
  if (/[1-9]/.test(fraction.slice(exponent))) {
    return { message: `${amount} has more decimals than ${currency} allows.`, reason: { code: 'too-many-decimals', params: { value: amount, currency } } };
  }
  // One conversion of the digits as written, the fraction padded to the exponent: "-12.5" EUR is -1250.
  return BigInt(`${sign}${whole}${fraction.slice(0, exponent).padEnd(exponent, '0')}`);
}

/** The same, with the English message where there are no minor units. */
export function toMinor(amount: string, currency: string): bigint | string {
  const minor = minorOrProblem(amount, currency);
  return typeof minor === 'bigint' ? minor : minor.message;
}

export function money(minor: bigint | number, currency: string): string {
  return formatMoney(BigInt(minor), currency);
}
