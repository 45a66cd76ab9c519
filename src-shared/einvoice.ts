/**
 * E-invoice types and constants shared by main and the renderer (issue 10).
 * Free of zod, like invoicing.ts, so the renderer bundle stays CSP-clean.
 * Amounts cross the boundary as decimal strings of the invoice currency;
 * main keeps them as integer minor units.
 */

/** What `invoices.issue` produces for a customer (issue 10 item 9). */
export const EINVOICE_FORMATS = ['facturx', 'xrechnung-cii', 'xrechnung-ubl', 'pdf'] as const;
export type EInvoiceFormat = (typeof EINVOICE_FORMATS)[number];

/** The XML syntax of an e-invoice (EN 16931 allows exactly these two). */
export type EInvoiceSyntax = 'cii' | 'ubl-invoice' | 'ubl-creditnote';
/** How the invoice arrived: as XML, or embedded in a PDF (Factur-X / ZUGFeRD). */
export type EInvoiceContainer = 'xml' | 'pdf';

export interface RuleFinding {
  /** The rule's id, e.g. BR-CO-15, or XSD for a schema error. */
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  /** The rule's own text, e.g. "Invoice total amount with VAT (BT-112) = ...". */
  readonly message: string;
  /** Where in the XML (an XPath, or a line for schema errors). */
  readonly location: string;
}

export interface ValidationReport {
  readonly syntax: EInvoiceSyntax;
  /** BT-24, e.g. urn:cen.eu:en16931:2017 or an XRechnung / Factur-X profile id. */
  readonly specification: string | null;
  readonly valid: boolean;
  readonly errors: readonly RuleFinding[];
  readonly warnings: readonly RuleFinding[];
  /** Which checks ran, e.g. ["xsd", "en16931-cii"]. */
  readonly checked: readonly string[];
  /**
   * Set when the EN 16931 rules do not apply: ZUGFeRD 1.0 predates the
   * standard, so it is checked for structure only and `valid` means no more.
   */
  readonly scope?: 'zugferd1-structure';
}

export interface SupplierParty {
  readonly name: string;
  readonly vatId: string | null;
  readonly legalId: string | null;
  readonly country: string | null;
  /** Absent on invoices received before the sealed rendition existed (the same for the other optional terms below). */
  /** Street lines, then "postcode city", then the country subdivision. */
  readonly addressLines?: readonly string[];
  /** Tax number (scheme FC, German Steuernummer), beside the VAT id. */
  readonly taxNumber?: string | null;
  /** BT-34 / BT-49 with its scheme, e.g. "EM: invoices@example.com". */
  readonly electronicAddress?: string | null;
  /** Contact person, phone and e-mail, as one line. */
  readonly contact?: string | null;
}

/** A document- or line-level allowance (discount) or charge; amounts are decimal strings here, bigint minor units in main's parsed model. */
export interface SupplierAllowanceCharge<Money = string> {
  readonly charge: boolean;
  readonly amount: Money;
  readonly reason: string | null;
  readonly vatCategory: string | null;
  readonly vatRate: string | null;
}

export interface SupplierPaymentMeans {
  /** UNTDID 4461, e.g. 58 SEPA credit transfer. */
  readonly typeCode: string | null;
  readonly information: string | null;
  readonly iban: string | null;
  readonly accountName: string | null;
  readonly bic: string | null;
}

export interface SupplierInvoiceDetails<Money = string> {
  readonly notes: readonly string[];
  readonly deliveryDate: string | null;
  readonly period: string | null;
  readonly orderReference: string | null;
  readonly contractReference: string | null;
  readonly despatchReference: string | null;
  readonly projectReference: string | null;
  readonly precedingInvoice: string | null;
  readonly paymentReference: string | null;
  readonly paymentTerms: string | null;
  readonly paymentMeans: readonly SupplierPaymentMeans[];
  readonly allowancesCharges: readonly SupplierAllowanceCharge<Money>[];
  readonly allowanceTotal: Money;
  readonly chargeTotal: Money;
  readonly prepaid: Money;
}

export interface SupplierInvoiceLine<Money = string> {
  readonly id: string;
  readonly description: string;
  readonly quantity: string;
  readonly unitCode: string | null;
  /** BT-131. */
  readonly net: Money;
  readonly vatCategory: string | null;
  readonly vatRate: string | null;
  /** BT-146 net price as written (it may carry more decimals than the currency). */
  readonly unitPrice?: string | null;
  readonly itemDescription?: string | null;
  readonly sellerItemId?: string | null;
  readonly standardItemId?: string | null;
  readonly note?: string | null;
  readonly period?: string | null;
  readonly allowancesCharges?: readonly SupplierAllowanceCharge<Money>[];
}

export interface SupplierVatRow {
  readonly category: string;
  readonly rate: string | null;
  readonly taxable: string;
  readonly vat: string;
  readonly exemptionReason: string | null;
}

export interface SupplierTotals {
  /** BT-106 sum of line nets. */
  readonly lineTotal: string;
  /** BT-109 total without VAT. */
  readonly net: string;
  /** BT-110 total VAT. */
  readonly vat: string;
  /** BT-112 total with VAT. */
  readonly gross: string;
  /** BT-115 amount due. */
  readonly due: string;
}

export const SUPPLIER_INVOICE_STATUSES = ['to_review', 'confirmed'] as const;
export type SupplierInvoiceStatus = (typeof SUPPLIER_INVOICE_STATUSES)[number];

export interface SupplierInvoiceSummary {
  readonly id: string;
  readonly status: SupplierInvoiceStatus;
  readonly fileName: string;
  readonly container: EInvoiceContainer;
  readonly syntax: EInvoiceSyntax;
  /** BT-3: 380 invoice, 381 credit note, ... */
  readonly typeCode: string;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  readonly currency: string;
  readonly sellerName: string;
  readonly sellerVatId: string | null;
  readonly gross: string;
  readonly valid: boolean;
  /** As in the report: set for ZUGFeRD 1.0, where `valid` means the structure was checked, not EN 16931. */
  readonly scope?: ValidationReport['scope'];
  readonly receivedAt: string;
}

export interface SupplierInvoice extends SupplierInvoiceSummary {
  readonly seller: SupplierParty;
  readonly buyer: SupplierParty;
  readonly sellerIban: string | null;
  readonly buyerReference: string | null;
  readonly lines: readonly SupplierInvoiceLine[];
  readonly vatBreakdown: readonly SupplierVatRow[];
  readonly totals: SupplierTotals;
  /** References, payment means, allowances and charges, notes; absent on invoices received before they were read. */
  readonly details?: SupplierInvoiceDetails;
  readonly report: ValidationReport;
  /** Whether a sealed, human-readable PDF rendition is kept beside the original (pure XML invoices). */
  readonly hasRendition: boolean;
  /** SHA-256 of the original file as received (the legal original, kept byte-exact). */
  readonly originalSha256: string;
  /** Last day the original must be kept (10 years from the end of the calendar year). */
  readonly retainUntil: string;
  readonly confirmedAt: string | null;
  readonly confirmedBy: string | null;
}

export interface ReceiveOutcome {
  readonly received: readonly { readonly file: string; readonly id: string; readonly valid: boolean; readonly scope?: ValidationReport['scope'] }[];
  readonly duplicates: readonly { readonly file: string; readonly existingId: string }[];
  readonly rejected: readonly { readonly file: string; readonly code: string; readonly message: string }[];
}
