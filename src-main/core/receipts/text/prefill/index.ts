/** Expense fields read out of receipt text; each found independently, absent when not found. */
import { findCurrency } from './currency.js';
import { findDate } from './dates.js';
import { splitLines } from './lines.js';
import { findSupplier } from './supplier.js';
import { findTotal } from './totals.js';
import { findVatId } from './vat-id.js';
import { findVat } from './vat.js';

/** Fields a draft expense can be prefilled with; every one optional (where found). */
export interface Prefill {
  readonly date?: string; // ISO yyyy-mm-dd
  readonly total?: string; // decimal string, e.g. "12.50"
  readonly currency?: string; // ISO 4217
  readonly supplier?: string;
  readonly vatAmount?: string; // decimal string
  readonly vatRate?: string; // percent, e.g. "19" or "5.5"
  readonly vatId?: string; // country prefix and number, no spaces: "DE812706034"
}

export function readPrefill(text: string): Prefill {
  const lines = splitLines(text);
  const total = findTotal(lines);
  const vat = findVat(lines, total?.minor);
  const fields: Record<string, string | undefined> = {
    date: findDate(lines),
    total: total?.value,
    currency: findCurrency(lines, total?.line),
    supplier: findSupplier(lines),
    vatAmount: vat.amount,
    vatRate: vat.rate,
    vatId: findVatId(lines),
  };
  // Only fields that were found: the draft form tells "not found" from "empty".
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
