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
  const kept = fraction.slice(0, exponent);
  if (/[1-9]/.test(fraction.slice(exponent))) return `${amount} has more decimals than ${currency} allows.`;
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(kept.padEnd(exponent, '0') || '0');
  return sign === '-' ? -minor : minor;
}

export function money(minor: bigint | number, currency: string): string {
  return formatMoney(BigInt(minor), currency);
}
