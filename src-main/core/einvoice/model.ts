import { currencyExponent, isCurrency, parseDecimal, rescale } from '../../../src-shared/money.js';
import type { EInvoiceSyntax, SupplierAllowanceCharge, SupplierInvoiceDetails, SupplierInvoiceLine, SupplierParty } from '../../../src-shared/einvoice.js';
import { ValidationError } from '../errors.js';

/**
 * A received e-invoice as Sealbook keeps it: the EN 16931 business terms a
 * reviewer needs, amounts as bigint minor units of the invoice currency.
 */
/** Every party term, present (null when the invoice has none); the shared type leaves the newer ones optional for older rows. */
export type ParsedParty = Required<SupplierParty>;

/** BG-20 / BG-21 on the document, BG-27 / BG-28 on a line. */
export type ParsedAllowanceCharge = SupplierAllowanceCharge<bigint>;

export type ParsedLine = SupplierInvoiceLine<bigint>;

/** The terms a reader of the rendition needs besides parties, lines and totals. */
export type ParsedDetails = SupplierInvoiceDetails<bigint>;

export interface ParsedVatRow {
  readonly category: string;
  readonly rate: string | null;
  readonly taxable: bigint;
  readonly vat: bigint;
  readonly exemptionReason: string | null;
}

export interface ParsedTotals {
  readonly lineTotal: bigint;
  readonly net: bigint;
  readonly vat: bigint;
  readonly gross: bigint;
  readonly due: bigint;
}

export interface ParsedEInvoice {
  readonly syntax: EInvoiceSyntax;
  readonly typeCode: string;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  readonly currency: string;
  readonly buyerReference: string | null;
  readonly seller: ParsedParty;
  readonly buyer: ParsedParty;
  readonly sellerIban: string | null;
  readonly lines: readonly ParsedLine[];
  readonly vatBreakdown: readonly ParsedVatRow[];
  readonly totals: ParsedTotals;
  readonly details: ParsedDetails;
}

/** The invoice lacks a term Sealbook needs to file it (number, date, currency, seller). */
export class IncompleteEInvoiceError extends ValidationError {}

export function required(value: string | null, term: string, fileName: string): string {
  if (value === null) throw new IncompleteEInvoiceError(`${fileName} has no ${term}; it cannot be filed. Ask the sender for a complete e-invoice.`);
  return value;
}

export function currencyOf(code: string | null, fileName: string): string {
  const currency = required(code, 'currency (BT-5)', fileName).toUpperCase();
  if (!isCurrency(currency)) throw new IncompleteEInvoiceError(`${fileName} is in ${currency}, a currency Sealbook does not support yet.`);
  return currency;
}

/** An XML decimal (any number of places, optional sign) as minor units, rounded half up. */
export function amount(value: string | null, currency: string): bigint {
  if (value === null) return 0n;
  const [, fraction = ''] = value.trim().split('.');
  const scale = Math.max(fraction.length, 0);
  const exact = parseDecimal(value, scale, { label: 'Amount', allowNegative: true });
  return rescale(exact, scale, currencyExponent(currency));
}

/** "start – end" of a period (BG-14 / BG-26), or null when neither is given. */
export function periodOf(start: string | null, end: string | null): string | null {
  if (start === null && end === null) return null;
  return `${start ?? '…'} – ${end ?? '…'}`;
}

/** Non-empty parts joined, or null. */
export function joined(parts: readonly (string | null)[], separator = ', '): string | null {
  const kept = parts.filter((part): part is string => part !== null && part.trim() !== '');
  return kept.length === 0 ? null : kept.join(separator);
}

/** CII format 102 "20150109" or ISO "2015-01-09" -> "2015-01-09". */
export function isoDate(value: string | null): string | null {
  if (value === null) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return iso?.[1] ?? null;
}
