/** ISO 4217 currency from symbols and codes; the total's own line wins over the rest of the receipt. */
import type { Line } from './lines.js';

// Folded text (upper case). Prefixed dollars before the bare sign.
const CURRENCIES: ReadonlyArray<readonly [string, RegExp]> = [
  ['EUR', /€|\bEUR\b|\bEURO?S?\b/],
  ['GBP', /£|\bGBP\b/],
  ['CHF', /\bCHF\b/],
  // Malaysia prints "RM" (ringgit), also glued to the amount: RM9.00.
  ['MYR', /(?<![A-Z])RM(?![A-Z])|\bMYR\b/],
  ['SGD', /\bSGD\b|\bS\$/],
  ['AUD', /\bAUD\b|\bA\$/],
  ['CAD', /\bCAD\b|\bC\$/],
  ['USD', /\bUSD\b|\bUS\$|\$/],
  ['SEK', /\bSEK\b/],
  ['NOK', /\bNOK\b/],
  ['DKK', /\bDKK\b/],
  ['PLN', /\bPLN\b|ZŁ/],
  ['CZK', /\bCZK\b/],
  ['JPY', /¥|\bJPY\b/],
  ['INR', /₹|\bINR\b/],
];

function currenciesIn(text: string): string[] {
  return CURRENCIES.filter(([, pattern]) => pattern.test(text)).map(([code]) => code).slice(0, 1);
}

export function findCurrency(lines: readonly Line[], totalLine: Line | undefined): string | undefined {
  const onTotal = totalLine === undefined ? undefined : currenciesIn(totalLine.folded)[0];
  if (onTotal !== undefined) return onTotal;
  const counts = new Map<string, number>();
  for (const line of lines) for (const code of currenciesIn(line.folded)) counts.set(code, (counts.get(code) ?? 0) + 1);
  let best: string | undefined;
  for (const [code, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = code;
  return best;
}
