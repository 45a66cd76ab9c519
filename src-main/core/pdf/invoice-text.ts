import { ValidationError } from '../errors.js';
import type { InvoiceKind, InvoiceLocale } from './invoice-document.js';

/** Printed labels per locale. Formatting works on the decimal strings: no floats touch money. */
const LABELS = {
  en: {
    invoice: 'INVOICE',
    'credit-note': 'CREDIT NOTE',
    number: { invoice: 'Invoice no.', 'credit-note': 'Credit note no.' },
    issueDate: 'Issue date',
    dueDate: 'Due date',
    deliveryDate: 'Delivery date',
    customerRef: 'Your reference',
    periodFrom: 'Period from',
    periodTo: 'Period to',
    orderRef: 'Your order',
    contractRef: 'Contract',
    lineTotal: 'Sum of lines',
    allowance: 'Less {reason}',
    charge: 'Plus {reason}',
    preceding: 'Credits invoice',
    billTo: 'Bill to',
    vatId: 'VAT ID',
    regNo: 'Reg. no.',
    pos: '#',
    description: 'Description',
    quantity: 'Qty',
    unit: 'Unit',
    unitPrice: 'Unit price',
    discount: 'Discount',
    vatRate: 'VAT',
    amount: 'Amount',
    vatBreakdown: 'VAT breakdown',
    rate: 'Rate',
    taxable: 'Taxable amount',
    vatAmount: 'VAT',
    net: 'Total net',
    vatTotal: 'Total VAT',
    gross: 'Total',
    paid: 'Paid',
    due: 'Amount due',
    refund: 'Amount to be refunded',
    payment: 'Payment',
    payBy: 'Please transfer {amount} by {date}, quoting {reference}.',
    payNow: 'Please transfer {amount}, quoting {reference}.',
    bank: 'Bank',
    iban: 'IBAN',
    bic: 'BIC',
    reference: 'Reference',
    notes: 'Notes',
    exchange: 'Exchange rate: 1 {company} = {rate} {currency}. VAT total in {company}: {vat}.',
    continued: 'continued',
    page: 'Page {x} of {y}',
  },
  fr: {
    invoice: 'FACTURE',
    'credit-note': 'AVOIR',
    number: { invoice: 'Facture n°', 'credit-note': 'Avoir n°' },
    issueDate: "Date d'émission",
    dueDate: "Date d'échéance",
    deliveryDate: 'Date de livraison',
    customerRef: 'Votre référence',
    periodFrom: 'Période du',
    periodTo: 'Période au',
    orderRef: 'Votre commande',
    contractRef: 'Contrat',
    lineTotal: 'Total des lignes HT',
    allowance: 'Remise : {reason}',
    charge: 'Frais : {reason}',
    preceding: 'Avoir sur facture',
    billTo: 'Facturé à',
    vatId: 'N° TVA',
    regNo: 'SIREN/RCS',
    pos: 'N°',
    description: 'Désignation',
    quantity: 'Qté',
    unit: 'Unité',
    unitPrice: 'Prix unit. HT',
    discount: 'Remise',
    vatRate: 'TVA',
    amount: 'Montant HT',
    vatBreakdown: 'Détail de la TVA',
    rate: 'Taux',
    taxable: 'Base HT',
    vatAmount: 'TVA',
    net: 'Total HT',
    vatTotal: 'Total TVA',
    gross: 'Total TTC',
    paid: 'Déjà payé',
    due: 'Net à payer',
    refund: 'Montant à rembourser',
    payment: 'Règlement',
    payBy: 'Merci de virer {amount} avant le {date} en indiquant la référence {reference}.',
    payNow: 'Merci de virer {amount} en indiquant la référence {reference}.',
    bank: 'Banque',
    iban: 'IBAN',
    bic: 'BIC',
    reference: 'Référence',
    notes: 'Remarques',
    exchange: 'Taux de change : 1 {company} = {rate} {currency}. Total TVA en {company} : {vat}.',
    continued: 'suite',
    page: 'Page {x} sur {y}',
  },
} as const;

export type Labels = (typeof LABELS)['en'] | (typeof LABELS)['fr'];

export function labelsFor(locale: InvoiceLocale): Labels {
  return LABELS[locale];
}

export function titleFor(labels: Labels, kind: InvoiceKind): string {
  return labels[kind];
}

export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1234.5" -> "1,234.50" (en) or "1 234,50" (fr), by string manipulation only. */
export function formatDecimal(value: string, locale: InvoiceLocale, minFraction = 2, maxFraction = minFraction): string {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new ValidationError(`"${value}" is not a decimal number; the invoice cannot be printed.`);
  const [, sign = '', whole = '0', rawFraction = ''] = match;
  let fraction = rawFraction.replace(/0+$/, '');
  if (fraction.length > maxFraction) {
    throw new ValidationError(`"${value}" has more than ${maxFraction} decimals; round it before printing.`);
  }
  fraction = fraction.padEnd(minFraction, '0');
  const group = locale === 'fr' ? '\u202f' : ',';
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const isZero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  const separator = locale === 'fr' ? ',' : '.';
  return `${sign === '-' && !isZero ? '-' : ''}${grouped}${fraction ? separator + fraction : ''}`;
}

const SYMBOLS: Readonly<Record<string, string>> = { EUR: '€', USD: '$', GBP: '£', JPY: '¥', CHF: 'CHF' };

/** An amount with its currency, as a reader in that locale expects it. */
export function formatMoney(value: string, currency: string, locale: InvoiceLocale): string {
  const digits = currency === 'JPY' ? 0 : 2;
  const number = formatDecimal(value, locale, digits);
  const symbol = SYMBOLS[currency] ?? currency;
  if (locale === 'fr' || symbol.length > 1) return `${number}\u00a0${symbol}`;
  return number.startsWith('-') ? `-${symbol}${number.slice(1)}` : `${symbol}${number}`;
}

export const formatQuantity = (value: string, locale: InvoiceLocale): string => formatDecimal(value, locale, 0, 3);
export const formatRate = (value: string, locale: InvoiceLocale): string => `${formatDecimal(value, locale, 0, 4)}\u00a0%`;

const MONTHS = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
} as const;

/** "2026-11-24" -> "24 November 2026" / "24 novembre 2026". */
export function formatDate(iso: string, locale: InvoiceLocale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = match ? MONTHS[locale][Number(match[2]) - 1] : undefined;
  if (!match || month === undefined) throw new ValidationError(`"${iso}" is not a date like 2026-11-24; the invoice cannot be printed.`);
  return `${Number(match[3])} ${month} ${match[1] ?? ''}`;
}

/** IBANs print in groups of four (ISO 13616). */
export const formatIban = (iban: string): string => iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
