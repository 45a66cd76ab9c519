import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import type { EInvoiceFormat, RuleFinding, ValidationReport } from '../../../src-shared/einvoice.js';
import { EINVOICE_FORMATS } from '../../../src-shared/einvoice.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { InvoicingContext } from '../invoices/context.js';
import { nowIso } from '../invoices/context.js';
import { readProfile } from '../invoices/company.js';
import { getCustomer } from '../invoices/customers.js';
import type { DocumentFacts } from '../invoices/document.js';
import type { EInvoiceHook } from '../invoices/documents.js';
import type { IssueAttachment } from '../invoices/issuing.js';
import type { CustomerEInvoiceSettings, En16931Invoice, XmlFormat } from './en16931.js';
import { VAT_CATEGORIES, toEn16931 } from './en16931.js';
import { makeFacturX } from './facturx-pdf.js';
import { fieldFor, plainWords } from './rule-fields.js';
import { validateEInvoiceXml } from './validate.js';
import { writeCii } from './write-cii.js';
import { writeUbl } from './write-ubl.js';

/**
 * Issuing e-invoices (issue 10 items 2-4): the customer's format decides
 * what an issued invoice also becomes. The XML is generated from the same
 * computed totals as the PDF and checked against the XSD and the official
 * schematron before the number is taken; an invoice that fails is not issued.
 */
export class EInvoiceRejectedError extends ValidationError {
  constructor(readonly report: ValidationReport | { readonly errors: readonly RuleFinding[] }) {
    const first = report.errors.slice(0, 5).map(plainWords);
    super(
      `This invoice would not be a valid e-invoice, so it was not issued. Fix: ${first.join('; ')}${report.errors.length > 5 ? ` (and ${report.errors.length - 5} more)` : ''}.`,
      Object.fromEntries(report.errors.map((finding) => [fieldFor(finding.ruleId), `${finding.ruleId}: ${finding.message}`])),
    );
  }
}

const DEFAULT_SETTINGS: CustomerEInvoiceSettings = { format: 'pdf', buyerReference: '', electronicAddress: '', legalId: '', zeroRateCategory: 'E' };

/** EU member states (ISO 3166-1 alpha-2; Greece is GR here, EL only in VAT ids). */
const EU_COUNTRIES = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']);

/** Issue 10 item 2: a seller in the EU issues Factur-X unless the customer record says otherwise. */
export function defaultFormat(ctx: InvoicingContext): EInvoiceFormat {
  return EU_COUNTRIES.has(readProfile(ctx).address.country.trim().toUpperCase()) ? 'facturx' : 'pdf';
}

const settingsRow = z.object({
  format: z.enum(EINVOICE_FORMATS),
  buyer_reference: z.string(),
  electronic_address: z.string(),
  legal_id: z.string(),
});

export function customerSettings(ctx: InvoicingContext, customerId: string): CustomerEInvoiceSettings {
  return effectiveSettings(ctx, customerId).settings;
}

/** The customer's settings; `chosen` is false when no record exists and the seller's default format applies. */
function effectiveSettings(ctx: InvoicingContext, customerId: string): { settings: CustomerEInvoiceSettings; chosen: boolean } {
  const row = ctx.db.prepare('SELECT format, buyer_reference, electronic_address, legal_id, zero_rate_category FROM customer_einvoice WHERE customer_id = ?').get(customerId) as
    | (z.infer<typeof settingsRow> & { zero_rate_category: string })
    | undefined;
  if (!row) return { settings: { ...DEFAULT_SETTINGS, format: defaultFormat(ctx) }, chosen: false };
  const parsed = settingsRow.parse(row);
  const category = VAT_CATEGORIES.find((code) => code === row.zero_rate_category) ?? 'E';
  return {
    settings: { format: parsed.format, buyerReference: parsed.buyer_reference, electronicAddress: parsed.electronic_address, legalId: parsed.legal_id, zeroRateCategory: category },
    chosen: true,
  };
}

export function setCustomerSettings(ctx: InvoicingContext, customerId: string, patch: Partial<CustomerEInvoiceSettings>): CustomerEInvoiceSettings {
  return ctx.transaction(() => {
    getCustomer(ctx, customerId);
    const next = { ...customerSettings(ctx, customerId), ...patch };
    ctx.db
      .prepare(
        `INSERT INTO customer_einvoice (customer_id, format, buyer_reference, electronic_address, legal_id, zero_rate_category, updated_at)
         VALUES (@customerId, @format, @buyerReference, @electronicAddress, @legalId, @zeroRateCategory, @at)
         ON CONFLICT (customer_id) DO UPDATE SET format = excluded.format, buyer_reference = excluded.buyer_reference,
           electronic_address = excluded.electronic_address, legal_id = excluded.legal_id, zero_rate_category = excluded.zero_rate_category, updated_at = excluded.updated_at`,
      )
      .run({ customerId, ...next, at: nowIso(ctx) });
    ctx.audit({ action: 'einvoice.customer', subject: `customer:${customerId}`, details: { format: next.format, fields: Object.keys(patch).join(',') } });
    return next;
  });
}

/** XRechnung rules its CIUS adds on top of EN 16931 (KoSIT ships them only as .sch sources, so they are checked here). */
function xrechnungFindings(invoice: En16931Invoice): RuleFinding[] {
  const missing = (ruleId: string, message: string): RuleFinding => ({ ruleId, severity: 'error', message, location: '' });
  const findings: RuleFinding[] = [];
  if (invoice.buyerReference === '') findings.push(missing('BR-DE-15', 'Buyer reference (BT-10) must be given.'));
  if (invoice.seller.phone === '') findings.push(missing('BR-DE-6', 'Seller contact telephone number (BT-42) must be given.'));
  if (invoice.seller.email === '') findings.push(missing('BR-DE-7', 'Seller contact e-mail address (BT-43) must be given.'));
  if (invoice.iban === '') findings.push(missing('BR-DE-1', 'Payment instructions (BG-16) must be given.'));
  if (invoice.seller.electronicAddress === '') findings.push(missing('BR-DE-SEL', 'Seller electronic address (BT-34) must be given.'));
  if (invoice.buyer.electronicAddress === '') findings.push(missing('BR-DE-BUY', 'Buyer electronic address (BT-49) must be given.'));
  return findings;
}

export interface GeneratedEInvoice {
  readonly format: XmlFormat;
  readonly xml: string;
  readonly report: ValidationReport;
}

/** The XML of an invoice, unchecked: `checkEInvoice` says whether it may be issued. */
function writeEInvoice(facts: DocumentFacts, format: XmlFormat, settings: CustomerEInvoiceSettings): { invoice: En16931Invoice; xml: string } {
  const invoice = toEn16931(facts, format, settings);
  return { invoice, xml: format === 'xrechnung-ubl' ? writeUbl(invoice) : writeCii(invoice) };
}

/** Validates the XML; throws EInvoiceRejectedError when a rule fails. */
async function checkEInvoice(invoice: En16931Invoice, xml: string, format: XmlFormat): Promise<ValidationReport> {
  const report = await validateEInvoiceXml(xml, { facturx: format === 'facturx' });
  const extra = format === 'facturx' ? [] : xrechnungFindings(invoice);
  if (!report.valid || extra.length > 0) throw new EInvoiceRejectedError({ errors: [...report.errors, ...extra] });
  return report;
}

/** Writes and validates the XML; throws EInvoiceRejectedError when a rule fails. */
export async function generateEInvoice(facts: DocumentFacts, format: XmlFormat, settings: CustomerEInvoiceSettings): Promise<GeneratedEInvoice> {
  const { invoice, xml } = writeEInvoice(facts, format, settings);
  return { format, xml, report: await checkEInvoice(invoice, xml, format) };
}

/** What an issue produced: the format, and why the EU default fell back to a plain PDF (null when it did not). */
export interface ProducedFormat {
  readonly format: EInvoiceFormat;
  readonly notice: string | null;
}

/**
 * The hook invoices.issue, invoices.credit and recurring runs call;
 * `format` overrides the customer's choice. A chosen format (the customer
 * record's or the caller's) is validated while the PDF is laid out and
 * sealed (`checked`); issuing waits for it before taking the number, so an
 * invoice that fails is never issued, and the format is never given up.
 * When nobody chose (the EU default), the check comes first: an invoice that
 * lacks what an e-invoice needs is issued as the plain PDF it was before, and
 * `produced` says which rules to satisfy.
 */
export function eInvoiceHook(ctx: InvoicingContext, format?: EInvoiceFormat, produced?: (outcome: ProducedFormat) => void): EInvoiceHook {
  return async ({ invoiceId, customerId, facts }): Promise<IssueAttachment | null> => {
    const { settings, chosen: recorded } = effectiveSettings(ctx, customerId);
    const chosen = format ?? settings.format;
    if (chosen === 'pdf') {
      produced?.({ format: 'pdf', notice: null });
      return null;
    }
    const byDefault = format === undefined && !recorded;
    let written: { invoice: En16931Invoice; xml: string };
    let validation: Promise<ValidationReport>;
    try {
      written = writeEInvoice(facts, chosen, settings);
      validation = checkEInvoice(written.invoice, written.xml, chosen);
      if (byDefault) await validation;
    } catch (error) {
      if (!byDefault || !(error instanceof EInvoiceRejectedError)) throw error;
      const rules = error.report.errors.slice(0, 5).map(plainWords).join('; ');
      produced?.({ format: 'pdf', notice: `Issued as a plain PDF, not as Factur-X (the default for sellers in the EU), because: ${rules}. Complete these and the next invoice will be a Factur-X; or choose plain PDF for this customer under E-invoices.` });
      return null;
    }
    produced?.({ format: chosen, notice: null });
    const bytes = new TextEncoder().encode(written.xml);
    let report: ValidationReport | null = null;
    const checked = validation.then((valid) => {
      report = valid;
    });
    // Awaited by the issuer; a rejection before then is not unhandled.
    checked.catch(() => undefined);
    return {
      ...(chosen === 'facturx' ? { preparePdf: (pdf: PDFDocument) => makeFacturX(pdf, bytes, ctx.now()) } : {}),
      checked,
      commit: () => {
        if (report === null) throw new Error('An e-invoice is committed only after it validated.');
        const blob = ctx.blobs.put(bytes, { kind: 'einvoice_xml', format: chosen, number: facts.number });
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        ctx.db
          .prepare('INSERT INTO issued_einvoices (invoice_id, format, xml_blob_id, xml_sha256, report, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(invoiceId, chosen, blob.id, sha256, JSON.stringify(report), nowIso(ctx));
        ctx.audit({ action: 'einvoice.issue', subject: `invoice:${invoiceId}`, details: { number: facts.number, format: chosen, sha256 } });
      },
    };
  };
}

/** The XML issued with an invoice, as validated; reading it is audited like opening the PDF. */
export function issuedEInvoice(ctx: InvoicingContext, invoiceId: string): { format: XmlFormat; xml: Buffer; sha256: string; report: ValidationReport } {
  const row = ctx.db.prepare('SELECT format, xml_blob_id, xml_sha256, report FROM issued_einvoices WHERE invoice_id = ?').get(invoiceId) as
    | { format: XmlFormat; xml_blob_id: string; xml_sha256: string; report: string }
    | undefined;
  if (!row) throw new NotFoundError('This invoice was issued as a plain PDF; it has no e-invoice XML.');
  const xml = ctx.blobs.get(row.xml_blob_id);
  ctx.transaction(() => ctx.audit({ action: 'document.open', subject: `invoice:${invoiceId}`, details: { einvoice: row.format, sha256: row.xml_sha256 } }));
  return { format: row.format, xml, sha256: row.xml_sha256, report: JSON.parse(row.report) as ValidationReport };
}
