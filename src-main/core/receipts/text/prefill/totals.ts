/**
 * The amount paid: the largest amount near a total keyword, cross-checked
 * with what the customer handed over minus the change (cash 50.00, change
 * 16.10: 33.90 was paid). That check also picks the rounded total where cash
 * is rounded to 5 cents (Malaysia, Switzerland) and OCR misread one digit.
 */
import { findMoney, largest, type FoundAmount } from './amounts.js';
import { INCLUDING_VAT, NOT_A_TOTAL, TOTAL_KEYWORD, VAT_KEYWORD } from './keywords.js';
import type { Line } from './lines.js';

export interface FoundTotal {
  readonly value: string;
  readonly minor: bigint;
  /** The line the total was read from, when it was read rather than computed. */
  readonly line?: Line;
}

export function isTotalLine(line: Line): boolean {
  if (!TOTAL_KEYWORD.test(line.folded) || NOT_A_TOTAL.test(line.folded)) return false;
  // "Total GST 1.80" or "MwSt-Betrag" is the tax; "Total incl. GST" and "Summe inkl. MwSt" are totals.
  return !VAT_KEYWORD.test(line.folded) || INCLUDING_VAT.test(line.folded);
}

// "Total rounded" is, by definition, what was paid after the rounding line.
const ROUNDED = /\b(ROUNDED|GERUNDET|ARRONDI)\b/;
// Scanned receipts often put the amount of a label on the next line (column layout).
const AMOUNT_ONLY_LINE = /^[^A-Z]*(?:[A-Z]{1,3}[^A-Z]*)?$/;
const TENDERED = /^\W*(CASH|TENDERED|PAID|BAR|BARGELD|GEGEBEN|ESPECES|ESP|REMIS)\b/;
const CHANGE = /^\W*(CHANGE|RUCKGELD|WECHSELGELD|ZURUCK|RENDU|MONNAIE)\b/;
// Rounding to 5 cents moves a total by at most 2 cents; an OCR slip in the last digit by a few more.
const PAID_TOLERANCE = 5n;

interface Candidate {
  readonly amount: FoundAmount;
  readonly line: Line;
}

export function findTotal(lines: readonly Line[]): FoundTotal | undefined {
  const candidates = totalCandidates(lines);
  const rounded = candidates.filter((candidate) => ROUNDED.test(candidate.line.folded));
  const pool = rounded.length > 0 ? rounded : candidates;
  const bestAmount = largest(pool.map((candidate) => candidate.amount));
  const best = pool.find((candidate) => candidate.amount === bestAmount);
  const paid = paidAmount(lines);
  if (paid === undefined) return best === undefined ? undefined : { value: best.amount.value, minor: best.amount.minor, line: best.line };
  const near = (candidate: Candidate): boolean => distance(candidate.amount.minor, paid.minor) <= PAID_TOLERANCE;
  if (best === undefined || near(best) || candidates.some(near)) return paid;
  return { value: best.amount.value, minor: best.amount.minor, line: best.line };
}

function totalCandidates(lines: readonly Line[]): Candidate[] {
  const candidates: Candidate[] = [];
  lines.forEach((line, position) => {
    if (!isTotalLine(line)) return;
    const here = findMoney(line.raw);
    if (here.length > 0) {
      for (const amount of here) candidates.push({ amount, line });
      return;
    }
    const next = lines[position + 1];
    if (next !== undefined && AMOUNT_ONLY_LINE.test(next.folded)) {
      for (const amount of findMoney(next.raw)) candidates.push({ amount, line: next });
    }
  });
  return candidates;
}

/** Handed over minus change, when the receipt prints both. */
function paidAmount(lines: readonly Line[]): FoundTotal | undefined {
  const tendered = firstAmount(lines, TENDERED);
  const change = firstAmount(lines, CHANGE);
  if (tendered === undefined || change === undefined || change.minor > tendered.minor) return undefined;
  const minor = tendered.minor - change.minor;
  if (minor === 0n) return undefined;
  const digits = minor.toString().padStart(3, '0');
  return { value: `${digits.slice(0, -2)}.${digits.slice(-2)}`, minor };
}

function firstAmount(lines: readonly Line[], label: RegExp): FoundAmount | undefined {
  for (const line of lines) {
    if (!label.test(line.folded)) continue;
    const amount = findMoney(line.raw)[0];
    if (amount !== undefined) return amount;
  }
  return undefined;
}

function distance(a: bigint, b: bigint): bigint {
  return a > b ? a - b : b - a;
}
