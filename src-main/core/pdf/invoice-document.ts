/**
 * What the invoice layout prints. Plain data: every amount is already
 * computed by the invoicing engine (EN 16931 rounding) and arrives as a
 * decimal string such as "1234.50" or "-19.00"; the layout never does money
 * arithmetic, it only formats. Dates are ISO "YYYY-MM-DD".
 */
export type InvoiceKind = 'invoice' | 'credit-note';
export type InvoiceLocale = 'en' | 'fr';

export interface InvoiceLogo {
  readonly bytes: Uint8Array;
  readonly type: 'png' | 'jpeg';
}

export interface InvoiceBuyer {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly vatId?: string;
  /** The buyer's reference or purchase order (EN 16931 BT-10 / BT-13). */
  readonly reference?: string;
}

export interface InvoiceSeller {
  readonly legalName: string;
  readonly addressLines: readonly string[];
  readonly vatId?: string;
  readonly registrationNo?: string;
  readonly iban?: string;
  readonly bic?: string;
  readonly bankName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly website?: string;
  readonly logo?: InvoiceLogo;
}

export interface InvoiceLine {
  readonly position: string;
  readonly description: string;
  /** Up to 3 decimals, e.g. "2.5". */
  readonly quantity: string;
  readonly unit?: string;
  readonly unitPrice: string;
  /** Percent, e.g. "19" or "5.5". */
  readonly vatRate: string;
  /** Line discount amount, when given. */
  readonly discount?: string;
  /** Line net amount (BT-131). */
  readonly net: string;
}

export interface VatBreakdownRow {
  readonly rate: string;
  readonly taxable: string;
  readonly vat: string;
  /** Required for 0 % (EN 16931 BR-E-10 and friends), e.g. "Reverse charge, Art. 196 VAT Directive". */
  readonly exemptionReason?: string;
}

/** A document-level allowance (BG-20) or charge (BG-21) as printed. */
export interface AllowanceCharge {
  readonly charge: boolean;
  readonly reason: string;
  /** When computed as a percentage of a base. */
  readonly percent?: string;
  readonly vatRate: string;
  /** Unsigned, e.g. "25.00"; the layout prints allowances as deductions. */
  readonly amount: string;
}

export interface InvoiceTotals {
  readonly net: string;
  readonly vat: string;
  readonly gross: string;
  readonly paid?: string;
  readonly due: string;
}

export interface ExchangeRateNote {
  /** Invoice currency units per company-currency unit as stated, e.g. "1.0842". */
  readonly rate: string;
  readonly companyCurrency: string;
  /** VAT total in the company currency (Art. 230 VAT Directive). */
  readonly vatTotal: string;
}

export interface InvoiceDocument {
  readonly kind: InvoiceKind;
  readonly locale: InvoiceLocale;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate?: string;
  readonly deliveryDate?: string;
  /** Invoicing / delivery period (EN 16931 BG-14). */
  readonly period?: { readonly start?: string; readonly end?: string };
  /** BT-13, the buyer's purchase order. */
  readonly orderReference?: string;
  /** BT-12. */
  readonly contractReference?: string;
  /** ISO 4217, e.g. "EUR". */
  readonly currency: string;
  readonly seller: InvoiceSeller;
  readonly buyer: InvoiceBuyer;
  readonly lines: readonly InvoiceLine[];
  readonly vatBreakdown: readonly VatBreakdownRow[];
  /** Sum of line nets (BT-106); given with allowanceCharges. */
  readonly lineTotal?: string;
  readonly allowanceCharges?: readonly AllowanceCharge[];
  readonly totals: InvoiceTotals;
  readonly notes?: string;
  readonly paymentTerms?: string;
  /** What the buyer should quote with the transfer; defaults to the number. */
  readonly paymentReference?: string;
  /** e.g. a credit note's original invoice number. */
  readonly precedingInvoice?: { readonly number: string; readonly issueDate?: string };
  readonly exchangeRate?: ExchangeRateNote;
}
