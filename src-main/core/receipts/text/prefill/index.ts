/** Expense fields read out of receipt text; each found independently, absent when not found. */
import { findCurrency } from './currency.js';
import { findDate } from './dates.js';
import { splitLines } from './lines.js';
import { findSupplier } from './supplier.js';
import { findTotal } from './totals.js';
import { findVatId } from './vat-id.js';
import { findVat } from './vat.js';

export interface PrefillFields {
  readonly date?: string;
  readonly total?: string;
  readonly currency?: string;
  readonly supplier?: string;
  readonly vatAmount?: string;
  readonly vatRate?: string;
  readonly vatId?: string;
}

export function readPrefill(text: string): PrefillFields {
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
