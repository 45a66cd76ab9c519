import { PDFDocument } from 'pdf-lib';
import { formatMoney as minorToDecimal } from '../../../src-shared/money.js';
import type { ValidationReport } from '../../../src-shared/einvoice.js';
import { readProfile } from '../invoices/company.js';
import type { InvoicingContext } from '../invoices/context.js';
import { ensureSeal } from '../invoices/seal.js';
import { embedFonts } from '../pdf/fonts.js';
import type { InvoiceLocale } from '../pdf/invoice-document.js';
import { fill, formatDate, formatIban, formatMoney } from '../pdf/invoice-text.js';
import { sealPdf } from '../pdf/pades-signer.js';
import { INK, PAGE, PageWriter } from '../pdf/page-writer.js';
import type { TextStyle } from '../pdf/page-writer.js';
import type { ParsedAllowanceCharge, ParsedEInvoice, ParsedParty } from './model.js';
import type { RenditionText } from './rendition-text.js';
import { renditionText } from './rendition-text.js';

/**
 * The human-readable rendition of a pure XML e-invoice (issue 10 item 6):
 * every business term Sealbook read, laid out with the invoice PDF's page
 * writer and fonts and sealed like a receipt's rendition. It is a view;
 * the XML stays the legal original, byte-exact beside it.
 */
/** The blob meta `kind` of a rendition; its `supplierInvoiceId` names the invoice. */
export const RENDITION_BLOB_KIND = 'supplier_invoice_rendition';

export interface RenditionSource {
  readonly parsed: ParsedEInvoice;
  readonly report: ValidationReport;
  readonly fileName: string;
  readonly sha256: string;
  readonly receivedAt: Date;
  /** The company's invoice language; English when not given. */
  readonly locale?: InvoiceLocale | undefined;
}

const LABEL_WIDTH = 150;
const BODY: TextStyle = { size: 9 };
const LABEL: TextStyle = { size: 8.5, color: INK.muted };
/** Tabs and other control characters have no glyph in the embedded font: print them as spaces (newlines break lines). */
const clean = (value: string): string => value.replace(/\p{Cc}/gu, (char) => (char === '\n' ? char : ' '));

class RenditionWriter {
  constructor(
    readonly w: PageWriter,
    readonly currency: string,
    readonly locale: InvoiceLocale,
    readonly t: RenditionText,
  ) {}

  money(value: bigint): string {
    return formatMoney(minorToDecimal(value, this.currency), this.currency, this.locale);
  }

  /** A decimal as the file states it ("5.5"), with a decimal comma in French ("5,5"). */
  decimal(value: string): string {
    return this.locale === 'fr' ? value.replace('.', ',') : value;
  }

  /** A single date as the invoice PDFs print it ("30 June 2013", "30 juin 2013"); anything else as the file states it. */
  date(iso: string | null): string | null {
    if (iso === null) return null;
    try {
      return formatDate(iso, this.locale);
    } catch {
      // A received file may state a date the PDFs would never print ("2013-13-01"): shown as given.
      return iso;
    }
  }

  vat(category: string | null, rate: string | null): string | null {
    if (category === null) return null;
    return `${category}${rate === null ? '' : ` ${this.decimal(rate)} %`}`;
  }

  heading(text: string): void {
    this.w.ensure(40);
    this.w.y -= 14;
    this.w.text(text, PAGE.left, this.w.y, { size: 10.5, bold: true, color: INK.accent });
    this.w.y -= 5;
    this.w.rule(PAGE.left, PAGE.right, this.w.y);
    this.w.y -= 3;
  }

  /** Label and value rows; empty values are left out. */
  facts(rows: readonly (readonly [string, string | null | undefined])[]): void {
    for (const [label, value] of rows) {
      if (value === null || value === undefined || value.trim() === '') continue;
      const lines = this.w.wrap(clean(value), PAGE.right - PAGE.left - LABEL_WIDTH, BODY);
      this.w.ensure(12 * lines.length + 2);
      this.w.y -= 12;
      this.w.text(label, PAGE.left, this.w.y, LABEL);
      lines.forEach((line, index) => {
        this.w.text(line, PAGE.left + LABEL_WIDTH, this.w.y - index * 12, BODY);
      });
      this.w.y -= 12 * (lines.length - 1);
    }
  }

  paragraph(text: string, style: TextStyle = BODY): void {
    this.w.paragraph(clean(text), PAGE.left, PAGE.right - PAGE.left, style);
  }

  party(title: string, party: ParsedParty): void {
    const { t } = this;
    this.heading(title);
    this.facts([
      [t.name, party.name],
      [t.address, [...party.addressLines, party.country ?? ''].filter((line) => line !== '').join(', ')],
      [t.vatId, party.vatId],
      [t.taxNumber, party.taxNumber],
      [t.legalId, party.legalId],
      [t.electronicAddress, party.electronicAddress],
      [t.contact, party.contact],
    ]);
  }

  allowanceCharge(item: ParsedAllowanceCharge): string {
    const vat = this.vat(item.vatCategory, item.vatRate);
    return `${item.charge ? this.t.charge : this.t.allowance} ${this.money(item.amount)}${item.reason === null ? '' : `${this.t.colon}${item.reason}`}${vat === null ? '' : `, ${this.t.vat} ${vat}`}`;
  }
}

function drawLines(r: RenditionWriter, parsed: ParsedEInvoice): void {
  const { t } = r;
  r.heading(fill(t.lines, { count: String(parsed.lines.length) }));
  for (const line of parsed.lines) {
    r.w.ensure(30);
    r.w.y -= 13;
    const title = r.w.wrap(clean(`${line.id}. ${line.description}`), 330, { size: 9, bold: true });
    title.forEach((text, index) => {
      r.w.text(text, PAGE.left, r.w.y - index * 11, { size: 9, bold: true });
    });
    r.w.text(r.money(line.net), PAGE.right, r.w.y, { size: 9, bold: true }, 'right');
    r.w.y -= 11 * (title.length - 1);
    r.facts([
      [t.quantity, `${r.decimal(line.quantity)}${line.unitCode === null ? '' : ` ${line.unitCode}`}`],
      [t.unitPrice, line.unitPrice === null || line.unitPrice === undefined ? null : `${r.decimal(line.unitPrice)} ${parsed.currency}`],
      [t.vat, r.vat(line.vatCategory, line.vatRate)],
      [t.itemDescription, line.itemDescription],
      [t.sellerItemId, line.sellerItemId],
      [t.standardItemId, line.standardItemId],
      [t.linePeriod, line.period],
      [t.lineAllowancesCharges, (line.allowancesCharges ?? []).map((item) => r.allowanceCharge(item)).join('; ')],
      [t.note, line.note],
    ]);
    r.w.y -= 4;
    r.w.rule(PAGE.left, PAGE.right, r.w.y);
  }
}

function drawValidation(r: RenditionWriter, report: ValidationReport): void {
  const { t } = r;
  r.heading(t.validation);
  const counts = { errors: String(report.errors.length), warnings: String(report.warnings.length), checked: report.checked.join(', ') };
  const verdict =
    report.scope === 'zugferd1-structure'
      ? fill(t.zugferd1, { outcome: report.valid ? t.noProblems : fill(t.errorCount, { count: counts.errors }) })
      : fill(report.valid ? t.valid : t.invalid, counts);
  r.paragraph(verdict, { size: 9, bold: true });
  for (const finding of [...report.errors, ...report.warnings]) {
    r.paragraph(`${finding.severity === 'error' ? t.error : t.warning} ${finding.ruleId}${t.colon}${finding.message}`, { size: 8 });
  }
}

/** Lays the rendition out on A4 and returns the unsaved document, for `sealPdf`. */
export async function renderSupplierRendition(source: RenditionSource): Promise<PDFDocument> {
  const { parsed, report } = source;
  const { details, totals } = parsed;
  const locale = source.locale ?? 'en';
  const t = renditionText(locale);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const typeName = (t.types as Readonly<Record<string, string>>)[parsed.typeCode] ?? t.invoice;
  doc.setTitle(fill(t.docTitle, { type: typeName, number: parsed.number, seller: parsed.seller.name }), { showInWindowTitleBar: true });
  doc.setAuthor(parsed.seller.name);
  doc.setSubject(fill(t.subject, { file: source.fileName }));
  doc.setLanguage(locale);
  doc.setCreator('Sealbook');
  doc.setProducer('Sealbook');
  const w = new PageWriter(doc, await embedFonts(doc));
  const r = new RenditionWriter(w, parsed.currency, locale, t);

  w.text(fill(t.title, { type: typeName, number: parsed.number }), PAGE.left, w.y, { size: 17, bold: true, color: INK.accent });
  w.y -= 16;
  r.paragraph(fill(t.intro, { file: source.fileName, sha256: source.sha256, date: r.date(source.receivedAt.toISOString().slice(0, 10)) ?? '' }), { size: 8, color: INK.muted });
  r.heading(t.document);
  r.facts([
    [t.invoiceNumber, parsed.number],
    [t.type, `${parsed.typeCode} ${typeName}`],
    [t.issueDate, r.date(parsed.issueDate)],
    [t.dueDate, r.date(parsed.dueDate)],
    [t.currency, parsed.currency],
    [t.deliveryDate, r.date(details.deliveryDate)],
    [t.period, details.period],
    [t.specification, report.specification],
  ]);
  r.heading(t.references);
  r.facts([
    [t.buyerReference, parsed.buyerReference],
    [t.orderReference, details.orderReference],
    [t.contractReference, details.contractReference],
    [t.despatchReference, details.despatchReference],
    [t.projectReference, details.projectReference],
    [t.precedingInvoice, details.precedingInvoice],
    [t.paymentReference, details.paymentReference],
  ]);
  r.party(t.seller, parsed.seller);
  r.party(t.buyer, parsed.buyer);
  r.heading(t.payment);
  r.facts([[t.paymentTerms, details.paymentTerms]]);
  const meansNames = t.means as Readonly<Record<string, string>>;
  for (const means of details.paymentMeans) {
    r.facts([
      [t.paymentMeans, [means.typeCode, meansNames[means.typeCode ?? ''] ?? null, means.information].filter((part) => part !== null).join(' ')],
      [t.account, means.iban === null ? null : formatIban(means.iban)],
      [t.accountName, means.accountName],
      [t.bic, means.bic],
    ]);
  }
  drawLines(r, parsed);
  if (details.allowancesCharges.length > 0) {
    r.heading(t.documentAllowancesCharges);
    for (const item of details.allowancesCharges) r.paragraph(r.allowanceCharge(item));
  }
  r.heading(t.vatBreakdown);
  for (const row of parsed.vatBreakdown) {
    const exemption = row.exemptionReason === null ? '' : `, ${fill(t.exemption, { reason: row.exemptionReason })}`;
    r.facts([[`${t.vat} ${r.vat(row.category, row.rate) ?? ''}`, `${fill(t.vatRow, { taxable: r.money(row.taxable), vat: r.money(row.vat) })}${exemption}`]]);
  }
  r.heading(t.totals);
  r.facts([
    [t.lineTotal, r.money(totals.lineTotal)],
    [t.allowances, details.allowanceTotal === 0n ? null : r.money(details.allowanceTotal)],
    [t.charges, details.chargeTotal === 0n ? null : r.money(details.chargeTotal)],
    [t.net, r.money(totals.net)],
    [t.vatTotal, r.money(totals.vat)],
    [t.gross, r.money(totals.gross)],
    [t.prepaid, details.prepaid === 0n ? null : r.money(details.prepaid)],
    [t.due, r.money(totals.due)],
  ]);
  if (details.notes.length > 0) {
    r.heading(t.notes);
    for (const note of details.notes) r.paragraph(note);
  }
  drawValidation(r, report);
  const total = String(w.pages.length);
  w.pages.forEach((page, index) => {
    w.rule(PAGE.left, PAGE.right, 66, INK.rule, 0.6, page);
    w.text(fill(t.footer, { file: source.fileName.slice(0, 80) }), PAGE.left, 54, { size: 7, color: INK.muted }, 'left', page);
    w.text(fill(t.page, { x: String(index + 1), y: total }), PAGE.right, 54, { size: 7, color: INK.muted }, 'right', page);
  });
  return doc;
}

/** The rendition, sealed with the vault's seal (made on first need, as for receipts), in the company's invoice language. */
export async function sealedRendition(ctx: InvoicingContext, source: RenditionSource): Promise<Uint8Array> {
  const seal = ensureSeal(ctx);
  const profile = readProfile(ctx);
  const name = profile.legalName || (ctx.companyName ?? 'Sealbook');
  const locale = source.locale ?? profile.invoiceLanguage;
  const doc = await renderSupplierRendition({ ...source, locale });
  return sealPdf(doc, seal, { reason: fill(renditionText(locale).sealReason, { number: source.parsed.number }).slice(0, 200), name });
}
