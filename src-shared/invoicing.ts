/**
 * Invoicing types and constants shared by main and the renderer. Kept free of
 * zod so the renderer bundle stays small and CSP-clean (zod probes for eval).
 */
export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'overdue', 'credited'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type InvoiceKind = 'invoice' | 'credit_note';
export const PAYMENT_METHODS = ['bank_transfer', 'card', 'cash', 'direct_debit', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Languages an invoice PDF can be laid out in. */
export const INVOICE_LANGUAGES = ['en', 'fr'] as const;
export type InvoiceLanguage = (typeof INVOICE_LANGUAGES)[number];
export const FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * The delivery period (EN 16931 BG-14) a recurring invoice states: none, the
 * period its run date starts (billed in advance: rent, subscriptions), or the
 * period before it (billed in arrears: a retainer for last month's work).
 */
export const SERVICE_PERIODS = ['none', 'this', 'previous'] as const;
export type ServicePeriod = (typeof SERVICE_PERIODS)[number];

export interface Address {
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2, e.g. DE. */
  readonly country: string;
}

export interface CompanyProfile {
  readonly legalName: string;
  readonly address: Address;
  readonly vatId: string;
  readonly registrationNumber: string;
  readonly iban: string;
  readonly bic: string;
  readonly email: string;
  readonly phone: string;
  readonly defaultCurrency: string;
  readonly paymentTermsDays: number;
  /** Language of issued PDFs (labels, dates, number format). */
  readonly invoiceLanguage: InvoiceLanguage;
  /** e.g. `{YYYY}-{NNNN}`; tokens {YYYY} {YY} {MM} and {N..} (counter, zero-padded to its width). */
  readonly invoiceSeries: string;
  readonly creditNoteSeries: string;
  /** `data:image/png;base64,...` or null. */
  readonly logoDataUrl: string | null;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly address: Address;
  readonly vatId: string;
  readonly email: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface InvoiceLineInput {
  readonly description: string;
  /** Up to 3 decimals, e.g. "2.5". */
  readonly quantity: string;
  readonly unit?: string | undefined;
  /** Up to 4 decimals, e.g. "33.33". */
  readonly unitPrice: string;
  /** Percent, up to 2 decimals, e.g. "19" or "7.7". */
  readonly vatRate: string;
  /** Required when vatRate is 0. */
  readonly exemptionReason?: string | null | undefined;
  /** Line discount as an amount in the invoice currency. */
  readonly discount?: string | null | undefined;
}

export interface InvoiceLine {
  readonly description: string;
  readonly quantity: string;
  readonly unit: string;
  readonly unitPrice: string;
  readonly vatRate: string;
  readonly exemptionReason: string | null;
  readonly discount: string | null;
  /** Line net (EN 16931 BT-131). */
  readonly net: string;
}

/**
 * A document-level allowance (EN 16931 BG-20) or charge (BG-21), as typed:
 * a fixed amount, or a percentage of a base (BT-93/BT-100; when no base is
 * given, the line nets at the same VAT rate).
 */
export interface DocumentAllowanceInput {
  readonly charge: boolean;
  /** BT-97 / BT-104. */
  readonly reason: string;
  /** BT-98 (UNTDID 5189, e.g. 95 discount) / BT-105 (UNTDID 7161, e.g. FC freight). */
  readonly reasonCode?: string | null | undefined;
  readonly vatRate: string;
  /** Required when vatRate is 0. */
  readonly exemptionReason?: string | null | undefined;
  readonly amount?: string | null | undefined;
  readonly percent?: string | null | undefined;
  readonly base?: string | null | undefined;
}

/** A stored allowance or charge with its amount as main computed it. */
export interface DocumentAllowance {
  readonly charge: boolean;
  readonly reason: string;
  readonly reasonCode: string | null;
  readonly vatRate: string;
  readonly exemptionReason: string | null;
  readonly percent: string | null;
  readonly base: string | null;
  /** BT-92 / BT-99. */
  readonly amount: string;
}

export interface VatBreakdownRow {
  readonly rate: string;
  readonly taxable: string;
  readonly vat: string;
  readonly exemptionReason: string | null;
}

export interface InvoiceTotals {
  readonly currency: string;
  readonly lineTotal: string;
  /** BT-107, sum of document allowances (absent on invoices stored before they existed). */
  readonly allowanceTotal?: string;
  /** BT-108, sum of document charges. */
  readonly chargeTotal?: string;
  readonly net: string;
  readonly vat: string;
  readonly gross: string;
  readonly vatBreakdown: readonly VatBreakdownRow[];
  /** When the invoice currency differs from the company's: VAT total in company currency (BT-111). */
  readonly accounting?: { readonly currency: string; readonly exchangeRate: string; readonly vat: string };
}

/** Live totals for a draft as typed (`invoices.computeTotals`): what a save would store, without saving. */
export interface DraftTotals {
  readonly totals: InvoiceTotals;
  /** BT-131 per line, in line order. */
  readonly lineNets: readonly string[];
  /** The due date a save would store (from payment terms when none is typed). */
  readonly dueDate: string | null;
}

export interface PartySnapshot {
  readonly name: string;
  readonly address: Address;
  readonly vatId: string;
}

export interface Payment {
  readonly id: string;
  readonly amount: string;
  readonly date: string;
  readonly method: PaymentMethod;
  readonly reference: string;
}

export interface InvoiceSummary {
  readonly id: string;
  readonly kind: InvoiceKind;
  readonly number: string | null;
  readonly status: InvoiceStatus;
  readonly customerId: string;
  readonly customerName: string;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly currency: string;
  readonly gross: string;
  /** Still to be paid (gross − payments − credit notes); "0.00" for drafts and credit notes. */
  readonly balance: string;
}

export interface Invoice extends InvoiceSummary {
  readonly customer: PartySnapshot;
  readonly exchangeRate: string | null;
  readonly notes: string;
  readonly lines: readonly InvoiceLine[];
  readonly allowances: readonly DocumentAllowance[];
  /** BT-72, the actual delivery date. */
  readonly deliveryDate: string | null;
  /** BG-14 invoicing period (BT-73, BT-74). */
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  /** BT-13, the buyer's purchase order. */
  readonly orderReference: string;
  /** BT-12. */
  readonly contractReference: string;
  readonly totals: InvoiceTotals;
  readonly payments: readonly Payment[];
  /** For a credit note: the invoice it corrects. */
  readonly creditedInvoice: { readonly id: string; readonly number: string } | null;
  /** For an invoice: its credit notes. */
  readonly creditNotes: readonly { readonly id: string; readonly number: string; readonly gross: string }[];
  readonly sha256: string | null;
  readonly issuedAt: string | null;
  readonly createdAt: string;
}

export interface SealStatus {
  readonly present: boolean;
  readonly source: 'generated' | 'imported' | null;
  readonly subject: string | null;
  readonly fingerprintSha256: string | null;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  readonly keyType: string | null;
}

export interface RecurringTemplate {
  readonly id: string;
  readonly name: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly currency: string;
  readonly exchangeRate: string | null;
  readonly notes: string;
  readonly lines: readonly InvoiceLineInput[];
  readonly frequency: Frequency;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly mode: 'draft' | 'issue';
  readonly allowances: readonly DocumentAllowanceInput[];
  readonly orderReference: string;
  readonly contractReference: string;
  readonly servicePeriod: ServicePeriod;
  readonly active: boolean;
  /** The next period's date, or null when the template has ended. */
  readonly nextRun: string | null;
}

export interface RecurringRun {
  readonly created: readonly { readonly templateId: string; readonly period: string; readonly invoiceId: string; readonly number: string | null }[];
  readonly errors: readonly { readonly templateId: string; readonly period: string; readonly message: string }[];
}

export interface PdfVerdict {
  readonly sealed: boolean;
  readonly intact: boolean;
  readonly signer: string | null;
  /** Present when a vault is open: was it sealed with this vault's seal? */
  readonly thisVault?: boolean;
}
