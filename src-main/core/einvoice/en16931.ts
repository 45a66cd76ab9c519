import { PRICE_SCALE, QUANTITY_SCALE, RATE_SCALE, formatDecimalTrimmed, formatMoney } from '../../../src-shared/money.js';
import type { EInvoiceFormat } from '../../../src-shared/einvoice.js';
import type { DocumentFacts } from '../invoices/document.js';
import { termsOfFacts } from '../invoices/document.js';
import { rec20Unit } from './units.js';

/**
 * An issued invoice in EN 16931 business terms, neutral between the two
 * syntaxes: the CII and UBL writers only serialise it. Every amount is the
 * decimal string the invoicing engine computed (bigint minor units), so the
 * XML states exactly the totals printed on the sealed PDF.
 */
export type XmlFormat = Exclude<EInvoiceFormat, 'pdf'>;
/** UNTDID 5305 categories EN 16931 allows for VAT. */
export const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

export interface CustomerEInvoiceSettings {
  readonly format: EInvoiceFormat;
  /** BT-10; the Leitweg-ID for German public buyers. */
  readonly buyerReference: string;
  /** BT-49, e.g. an e-mail address (scheme EM). */
  readonly electronicAddress: string;
  /** BT-47 legal registration id. */
  readonly legalId: string;
  /** Category for 0 % lines: E exempt, AE reverse charge, K intra-community supply, G export, O outside scope, Z zero rated. */
  readonly zeroRateCategory: VatCategory;
}

export interface En16931Party {
  readonly name: string;
  readonly vatId: string;
  readonly legalId: string;
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  readonly country: string;
  /** BT-34 / BT-49 (scheme EM: an e-mail address). */
  readonly electronicAddress: string;
  readonly email: string;
  readonly phone: string;
}

export interface En16931Line {
  readonly id: string;
  readonly name: string;
  readonly quantity: string;
  readonly unitCode: string;
  readonly unitPrice: string;
  /** BT-136 line allowance, or null. */
  readonly allowance: string | null;
  readonly net: string;
  readonly category: VatCategory;
  readonly rate: string;
}

/** BG-20 (allowance) / BG-21 (charge). */
export interface En16931Allowance {
  readonly charge: boolean;
  readonly amount: string;
  /** BT-93 / BT-100 and BT-94 / BT-101, both or neither. */
  readonly base: string | null;
  readonly percent: string | null;
  readonly reason: string;
  readonly reasonCode: string | null;
  readonly category: VatCategory;
  readonly rate: string;
}

export interface En16931VatRow {
  readonly category: VatCategory;
  readonly rate: string;
  readonly taxable: string;
  readonly vat: string;
  readonly exemptionReason: string | null;
}

export interface En16931Invoice {
  readonly format: XmlFormat;
  /** BT-3: 380 commercial invoice, 381 credit note. */
  readonly typeCode: '380' | '381';
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  readonly currency: string;
  readonly notes: string;
  readonly buyerReference: string;
  /** BT-13, BT-12; '' when none. */
  readonly orderReference: string;
  readonly contractReference: string;
  /** BT-72. */
  readonly deliveryDate: string | null;
  /** BG-14: BT-73, BT-74. */
  readonly period: { readonly start: string | null; readonly end: string | null } | null;
  readonly preceding: { readonly number: string; readonly issueDate: string } | null;
  readonly seller: En16931Party;
  readonly buyer: En16931Party;
  readonly iban: string;
  readonly bic: string;
  readonly paymentTerms: string;
  readonly lines: readonly En16931Line[];
  readonly allowances: readonly En16931Allowance[];
  readonly vat: readonly En16931VatRow[];
  /** allowances / charges: BT-107 / BT-108, null when the invoice has none of that kind. */
  readonly totals: { readonly lineTotal: string; readonly allowances: string | null; readonly charges: string | null; readonly net: string; readonly vat: string; readonly gross: string; readonly due: string };
}

/** BT-24 per format. */
export const SPECIFICATION_ID: Readonly<Record<XmlFormat, string>> = {
  facturx: 'urn:cen.eu:en16931:2017',
  'xrechnung-cii': 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
  'xrechnung-ubl': 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
};

function categoryFor(rate: bigint, settings: CustomerEInvoiceSettings): VatCategory {
  return rate > 0n ? 'S' : settings.zeroRateCategory;
}

export function toEn16931(facts: DocumentFacts, format: XmlFormat, settings: CustomerEInvoiceSettings): En16931Invoice {
  const currency = facts.totals.currency;
  const money = (value: bigint): string => formatMoney(value, currency);
  const rate = (value: bigint): string => formatDecimalTrimmed(value, RATE_SCALE);
  const { profile, customer, totals } = facts;
  const terms = termsOfFacts(facts);
  const { periodStart, periodEnd } = terms.delivery;
  const hasAllowances = totals.allowances.some((a) => !a.charge);
  const hasCharges = totals.allowances.some((a) => a.charge);
  return {
    format,
    typeCode: facts.kind === 'credit_note' ? '381' : '380',
    number: facts.number,
    issueDate: facts.issueDate,
    dueDate: facts.dueDate,
    currency,
    notes: facts.notes.trim(),
    buyerReference: settings.buyerReference.trim(),
    orderReference: terms.orderReference,
    contractReference: terms.contractReference,
    deliveryDate: terms.delivery.date,
    period: periodStart || periodEnd ? { start: periodStart, end: periodEnd } : null,
    preceding: facts.preceding ?? null,
    seller: {
      name: profile.legalName,
      vatId: profile.vatId.replace(/\s+/g, ''),
      legalId: profile.registrationNumber.trim(),
      ...profile.address,
      electronicAddress: profile.email.trim(),
      email: profile.email.trim(),
      phone: profile.phone.trim(),
    },
    buyer: {
      name: customer.name,
      vatId: customer.vatId.replace(/\s+/g, ''),
      legalId: settings.legalId.trim(),
      ...customer.address,
      electronicAddress: settings.electronicAddress.trim(),
      email: '',
      phone: '',
    },
    iban: profile.iban.replace(/\s+/g, '').toUpperCase(),
    bic: profile.bic.trim().toUpperCase(),
    paymentTerms: facts.kind === 'invoice' && profile.paymentTermsDays > 0 ? `Payable within ${profile.paymentTermsDays} days.` : '',
    lines: facts.lines.map((line, index) => ({
      id: String(index + 1),
      name: line.description,
      quantity: formatDecimalTrimmed(line.quantity, QUANTITY_SCALE),
      unitCode: rec20Unit(line.unit),
      unitPrice: formatDecimalTrimmed(line.unitPrice, PRICE_SCALE),
      allowance: line.discount > 0n ? money(line.discount) : null,
      net: money(facts.totals.lineNets[index] ?? 0n),
      category: categoryFor(line.vatRate, settings),
      rate: rate(line.vatRate),
    })),
    allowances: totals.allowances.map((allowance) => ({
      charge: allowance.charge,
      amount: money(allowance.amount),
      base: allowance.percent === null || allowance.base === null ? null : money(allowance.base),
      percent: allowance.percent === null || allowance.base === null ? null : rate(allowance.percent),
      reason: allowance.reason,
      reasonCode: allowance.reasonCode,
      category: categoryFor(allowance.vatRate, settings),
      rate: rate(allowance.vatRate),
    })),
    vat: facts.totals.groups.map((group) => ({
      category: categoryFor(group.rate, settings),
      rate: rate(group.rate),
      taxable: money(group.taxable),
      vat: money(group.vat),
      exemptionReason: group.rate > 0n ? null : group.exemptionReason,
    })),
    totals: {
      lineTotal: money(facts.totals.lineTotal),
      allowances: hasAllowances ? money(totals.allowanceTotal) : null,
      charges: hasCharges ? money(totals.chargeTotal) : null,
      net: money(facts.totals.net),
      vat: money(facts.totals.vat),
      gross: money(facts.totals.gross),
      due: money(facts.totals.gross),
    },
  };
}
