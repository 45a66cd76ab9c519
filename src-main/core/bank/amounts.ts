import { currencyExponent, formatMoney, isCurrency } from '../../../src-shared/money.js';

/**
 * Canonical decimals from the parsers to minor units of a currency. Extra
 * trailing zeros are fine ("18.150" EUR is 1815); a non-zero digit beyond
 * the currency's exponent is refused, never rounded.
 */
export function toMinor(amount: string, currency: string): bigint | string {
  if (!isCurrency(currency)) return `the currency ${currency} is not supported.`;
  const exponent = currencyExponent(currency);
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(amount);
  if (!m) return `'${amount}' is not an amount.`;
  const [, sign = '', whole = '0', fraction = ''] = m;
  if (/[1-9]/.test(fraction.slice(exponent))) return `${amount} has more decimals than ${currency} allows.`;
  // One conversion of the digits as written, the fraction padded to the exponent: "-12.5" EUR is -1250.
  return BigInt(`${sign}${whole}${fraction.slice(0, exponent).padEnd(exponent, '0')}`);
}

export function money(minor: bigint | number, currency: string): string {
  return formatMoney(BigInt(minor), currency);
}
