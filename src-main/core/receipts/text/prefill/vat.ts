/**
 * VAT rate and amount from lines naming the tax (MwSt, USt, TVA, VAT, GST).
 * On a VAT line the tax is the smallest money amount: a table row such as
 * "A 19% 16,81 3,19 20,00" is rate, net, tax, gross, and tax < net for any rate under 100 %.
 */
import { findMoney, minorToDecimal, smallest } from './amounts.js';
import { EXCLUDING_VAT, INCLUDING_VAT, TOTAL_KEYWORD, VAT_KEYWORD } from './keywords.js';
import type { Line } from './lines.js';

export interface FoundVat {
  readonly amount?: string;
  readonly rate?: string;
}

// A rate without an amount pattern's two decimals: "19%", "7 %", "20,0 %", "@6%".
const RATE = /(?<![\d.,])(\d{1,2})(?:[.,](\d{1,2}))?\s?%/g;

// Rows of a VAT table read after its header: one per rate and a total row.
const VAT_TABLE_ROWS = 4;

interface VatLine {
  readonly rate?: string;
  readonly amount?: bigint;
  readonly isTotal: boolean;
}

/**
 * VAT found on the receipt, dropped when it cannot be the tax of `totalMinor`:
 * not below the total, or far from total × rate / (100 + rate) (an OCR slip or a misread column).
 */
export function findVat(lines: readonly Line[], totalMinor?: bigint): FoundVat {
  const found = findVatFields(lines);
  if (found.amount === undefined || totalMinor === undefined) return found;
  const amount = decimalToMinor(found.amount);
  if (amount >= totalMinor && totalMinor > 0n) return { rate: found.rate };
  if (found.rate === undefined) return found;
  // Rates in hundredths of a percent keep the arithmetic in integers: 5.5 % → 550.
  const rate = decimalToMinor(found.rate);
  const expected = (totalMinor * rate) / (10_000n + rate);
  const tolerance = totalMinor / 100n + 2n;
  return amount - expected > tolerance || expected - amount > tolerance ? { rate: found.rate } : found;
}

function decimalToMinor(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole + fraction.padEnd(2, '0').slice(0, 2));
}

function findVatFields(lines: readonly Line[]): FoundVat {
  const vatLines: VatLine[] = [];
  let tableRowsLeft = 0;
  for (const line of lines) {
    const money = findMoney(line.raw);
    const named = VAT_KEYWORD.test(line.folded);
    // A VAT table ("Steuer % Netto Steuer Brutto") names the tax in its header only; its rows follow.
    const tableRow = !named && tableRowsLeft > 0 && money.length >= 2;
    tableRowsLeft = named && money.length === 0 ? VAT_TABLE_ROWS : tableRow ? tableRowsLeft - 1 : 0;
    if (!named && !tableRow) continue;
    const rate = rateIn(line.raw);
    // "Total Sales (Inclusive of GST) 33.90" or "(Excluding GST) 30.90" names the tax but carries a total or a net.
    if (rate === undefined && (INCLUDING_VAT.test(line.folded) || EXCLUDING_VAT.test(line.folded))) continue;
    vatLines.push({ rate, amount: smallest(money)?.minor, isTotal: TOTAL_KEYWORD.test(line.folded) });
  }
  const rates = [...new Set(vatLines.flatMap((line) => (line.rate === undefined ? [] : [line.rate])))];
  return { rate: rates.length === 1 ? rates[0] : undefined, amount: vatAmount(vatLines) };
}

function vatAmount(vatLines: readonly VatLine[]): string | undefined {
  const withAmount = vatLines.filter((line) => line.amount !== undefined);
  // A "Total VAT" line is the sum already.
  const total = withAmount.find((line) => line.isTotal);
  if (total?.amount !== undefined) return minorToDecimal(total.amount);
  // One line per rate (7 % and 19 % on one German receipt): the tax is their sum.
  const byRate = new Map<string, bigint>();
  for (const line of withAmount) if (line.rate !== undefined && !byRate.has(line.rate)) byRate.set(line.rate, line.amount ?? 0n);
  if (byRate.size > 1) return minorToDecimal([...byRate.values()].reduce((sum, value) => sum + value, 0n));
  const first = withAmount[0]?.amount;
  return first === undefined ? undefined : minorToDecimal(first);
}

function rateIn(raw: string): string | undefined {
  const rates = [...raw.matchAll(RATE)].map((m) => {
    const decimals = (m[2] ?? '').replace(/0+$/, '');
    return decimals === '' ? String(Number(m[1])) : `${Number(m[1])}.${decimals}`;
  });
  return rates[0];
}
