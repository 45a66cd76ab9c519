import {
  DecimalFormatError,
  EXCHANGE_SCALE,
  PRICE_SCALE,
  QUANTITY_SCALE,
  RATE_SCALE,
  convert,
  formatDecimalTrimmed,
  formatMoney,
  isCurrency,
  lineAmount,
  parseDecimal,
  parseMoney,
  percentOf,
  sum,
} from '../../../src-shared/money.js';
import type { InvoiceLineInput, InvoiceTotals } from '../../../src-shared/contract-invoicing.js';
import { ValidationError } from '../errors.js';
import type { AllowanceSpec, ResolvedAllowance } from './allowances.js';
import { resolveAllowances, vatKey } from './allowances.js';

/** A line with every number parsed to its fixed scale (see src-shared/money.ts). */
export interface ParsedLine {
  readonly description: string;
  readonly quantity: bigint;
  readonly unit: string;
  readonly unitPrice: bigint;
  readonly vatRate: bigint;
  readonly exemptionReason: string | null;
  /** Line allowance (EN 16931 BT-136), minor units; 0n when none. */
  readonly discount: bigint;
}

export interface VatGroup {
  readonly rate: bigint;
  readonly exemptionReason: string | null;
  /** BT-116 (BR-S-8): the category's line nets − its allowances + its charges. */
  readonly taxable: bigint;
  /** BT-117: VAT on the category's summed net, rounded once. */
  readonly vat: bigint;
}

export interface Totals {
  readonly currency: string;
  /** BT-131 per line. */
  readonly lineNets: readonly bigint[];
  /** BT-106 (BR-CO-10): sum of line nets. */
  readonly lineTotal: bigint;
  /** BG-20 / BG-21 with their amounts resolved. */
  readonly allowances: readonly ResolvedAllowance[];
  /** BT-107 (BR-CO-11): sum of document allowances. */
  readonly allowanceTotal: bigint;
  /** BT-108 (BR-CO-12): sum of document charges. */
  readonly chargeTotal: bigint;
  /** BT-109 (BR-CO-13): BT-106 − BT-107 + BT-108. */
  readonly net: bigint;
  /** BT-110 (BR-CO-14): sum of the categories' VAT. */
  readonly vat: bigint;
  /** BT-112 (BR-CO-15): net + VAT. */
  readonly gross: bigint;
  readonly groups: readonly VatGroup[];
  /** BT-111, present when the invoice currency differs from the company's (BR-53). */
  readonly accounting?: { readonly currency: string; readonly rate: bigint; readonly vat: bigint };
}

export interface ExchangeInput {
  readonly companyCurrency: string;
  /** Decimal string; required when the currencies differ. */
  readonly exchangeRate?: string | null;
}

export const MAX_VAT_RATE = 100n * 10n ** BigInt(RATE_SCALE);

/** Parses the decimal-string lines of a draft, naming each bad field by its path. */
export function parseLines(lines: readonly InvoiceLineInput[], currency: string): ParsedLine[] {
  const fields: Record<string, string> = {};
  const parsed: ParsedLine[] = [];
  if (!isCurrency(currency)) fields.currency = `Currency '${currency}' is not supported; use an ISO 4217 code such as EUR.`;
  if (lines.length === 0) fields.lines = 'Add at least one line.';
  lines.forEach((line, index) => {
    const at = (name: string): string => `lines.${index}.${name}`;
    const attempt = <T>(name: string, fn: () => T, fallback: T): T => {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof DecimalFormatError)) throw error;
        fields[at(name)] = `Line ${index + 1}: ${error.message}`;
        return fallback;
      }
    };
    const quantity = attempt('quantity', () => parseDecimal(line.quantity, QUANTITY_SCALE, { label: 'Quantity' }), 0n);
    const unitPrice = attempt('unitPrice', () => parseDecimal(line.unitPrice, PRICE_SCALE, { label: 'Unit price' }), 0n);
    const vatRate = attempt('vatRate', () => parseDecimal(line.vatRate, RATE_SCALE, { label: 'VAT rate' }), 0n);
    const discount =
      line.discount === undefined || line.discount === null || line.discount === ''
        ? 0n
        : isCurrency(currency)
          ? attempt('discount', () => parseMoney(line.discount ?? '', currency, { label: 'Discount' }), 0n)
          : 0n;
    const description = line.description.trim();
    const reason = line.exemptionReason?.trim() ?? '';
    if (description === '') fields[at('description')] = `Line ${index + 1}: enter a description.`;
    if (vatRate > MAX_VAT_RATE) fields[at('vatRate')] = `Line ${index + 1}: a VAT rate cannot exceed 100 %.`;
    // EN 16931 BR-E-10 / BR-Z-10: a line without VAT must say why.
    if (vatRate === 0n && reason === '' && fields[at('vatRate')] === undefined) {
      fields[at('exemptionReason')] = `Line ${index + 1}: a 0 % VAT rate needs an exemption reason (e.g. "Reverse charge").`;
    }
    if (isCurrency(currency) && quantity > 0n && discount > lineAmount(quantity, unitPrice, currency)) {
      fields[at('discount')] = `Line ${index + 1}: the discount is larger than the line amount.`;
    }
    parsed.push({
      description,
      quantity,
      unit: line.unit?.trim() || 'pcs',
      unitPrice,
      vatRate,
      exemptionReason: vatRate === 0n ? reason : null,
      discount,
    });
  });
  const [first] = Object.values(fields);
  if (first !== undefined) throw new ValidationError(first, fields);
  return parsed;
}

/** Parses the exchange rate when the invoice currency differs from the company's. */
export function parseExchangeRate(currency: string, exchange: ExchangeInput): bigint | null {
  if (currency === exchange.companyCurrency) return null;
  const text = exchange.exchangeRate ?? '';
  const fields = (message: string): ValidationError => new ValidationError(message, { exchangeRate: message });
  if (text === '') {
    throw fields(`State the exchange rate: 1 ${currency} = how many ${exchange.companyCurrency}.`);
  }
  let rate: bigint;
  try {
    rate = parseDecimal(text, EXCHANGE_SCALE, { label: 'Exchange rate' });
  } catch (error) {
    if (error instanceof DecimalFormatError) throw fields(error.message);
    throw error;
  }
  if (rate === 0n) throw fields('The exchange rate must be greater than 0.');
  return rate;
}

/**
 * EN 16931 totals: each line net is rounded once (BT-131 = qty × price −
 * allowance); document allowances and charges count in their VAT category
 * (BR-S-8); VAT is computed per category on the category's summed taxable
 * amount (BR-S-09 / BR-CO-17), never per line, and every document total is a sum.
 */
export function computeTotals(
  lines: readonly ParsedLine[],
  currency: string,
  exchangeRate: bigint | null,
  companyCurrency: string,
  allowanceSpecs: readonly AllowanceSpec[] = [],
): Totals {
  const lineNets = lines.map((line) => lineAmount(line.quantity, line.unitPrice, currency) - line.discount);
  const groups = new Map<string, { rate: bigint; exemptionReason: string | null; taxable: bigint }>();
  const add = (rate: bigint, exemptionReason: string | null, amount: bigint): void => {
    const key = vatKey(rate, exemptionReason);
    const group = groups.get(key) ?? { rate, exemptionReason, taxable: 0n };
    group.taxable += amount;
    groups.set(key, group);
  };
  lines.forEach((line, index) => add(line.vatRate, line.exemptionReason, lineNets[index] ?? 0n));
  const allowances = resolveAllowances(allowanceSpecs, new Map([...groups].map(([key, group]) => [key, group.taxable])), currency);
  for (const allowance of allowances) add(allowance.vatRate, allowance.exemptionReason, allowance.charge ? allowance.amount : -allowance.amount);
  const vatGroups: VatGroup[] = [...groups.values()]
    .sort((a, b) => (a.rate === b.rate ? 0 : a.rate > b.rate ? -1 : 1))
    .map((group) => ({ ...group, vat: percentOf(group.taxable, group.rate) }));
  const lineTotal = sum(lineNets);
  const allowanceTotal = sum(allowances.filter((a) => !a.charge).map((a) => a.amount));
  const chargeTotal = sum(allowances.filter((a) => a.charge).map((a) => a.amount));
  const net = lineTotal - allowanceTotal + chargeTotal;
  const vat = sum(vatGroups.map((group) => group.vat));
  const totals: Totals = { currency, lineNets, lineTotal, allowances, allowanceTotal, chargeTotal, net, vat, gross: net + vat, groups: vatGroups };
  if (exchangeRate === null || currency === companyCurrency) return totals;
  return {
    ...totals,
    accounting: { currency: companyCurrency, rate: exchangeRate, vat: convert(vat, currency, exchangeRate, companyCurrency) },
  };
}

/** The boundary form: decimal strings in the invoice's currency. */
export function formatTotals(totals: Totals): InvoiceTotals {
  const money = (value: bigint): string => formatMoney(value, totals.currency);
  return {
    currency: totals.currency,
    lineTotal: money(totals.lineTotal),
    allowanceTotal: money(totals.allowanceTotal),
    chargeTotal: money(totals.chargeTotal),
    net: money(totals.net),
    vat: money(totals.vat),
    gross: money(totals.gross),
    vatBreakdown: totals.groups.map((group) => ({
      rate: formatDecimalTrimmed(group.rate, RATE_SCALE),
      taxable: money(group.taxable),
      vat: money(group.vat),
      exemptionReason: group.exemptionReason,
    })),
    ...(totals.accounting
      ? {
          accounting: {
            currency: totals.accounting.currency,
            exchangeRate: formatDecimalTrimmed(totals.accounting.rate, EXCHANGE_SCALE),
            vat: formatMoney(totals.accounting.vat, totals.accounting.currency),
          },
        }
      : {}),
  };
}
