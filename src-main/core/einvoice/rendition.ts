import { PDFDocument } from 'pdf-lib';
import { formatMoney as minorToDecimal } from '../../../src-shared/money.js';
import type { ValidationReport } from '../../../src-shared/einvoice.js';
import { readProfile } from '../invoices/company.js';
import type { InvoicingContext } from '../invoices/context.js';
import { ensureSeal } from '../invoices/seal.js';
import { embedFonts } from '../pdf/fonts.js';
import { formatIban, formatMoney } from '../pdf/invoice-text.js';
import { sealPdf } from '../pdf/pades-signer.js';
import { INK, PAGE, PageWriter } from '../pdf/page-writer.js';
import type { TextStyle } from '../pdf/page-writer.js';
import type { ParsedAllowanceCharge, ParsedEInvoice, ParsedParty } from './model.js';

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
}

/** UNTDID 1001 codes EN 16931 invoices carry. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  '380': 'Commercial invoice',
  '381': 'Credit note',
  '383': 'Debit note',
  '384': 'Corrected invoice',
  '386': 'Prepayment invoice',
  '389': 'Self-billed invoice',
  '326': 'Partial invoice',
  '751': 'Invoice information for accounting purposes',
};

/** UNTDID 4461 codes seen in practice. */
const MEANS_NAMES: Readonly<Record<string, string>> = {
  '1': 'Not defined',
  '10': 'Cash',
  '20': 'Cheque',
  '30': 'Credit transfer',
  '31': 'Debit transfer',
  '42': 'Payment to bank account',
  '48': 'Bank card',
  '49': 'Direct debit',
  '57': 'Standing agreement',
  '58': 'SEPA credit transfer',
  '59': 'SEPA direct debit',
  '97': 'Clearing between partners',
};

const LABEL_WIDTH = 150;
const BODY: TextStyle = { size: 9 };
const LABEL: TextStyle = { size: 8.5, color: INK.muted };
/** Tabs and other control characters have no glyph in the embedded font: print them as spaces (newlines break lines). */
const clean = (value: string): string => value.replace(/\p{Cc}/gu, (char) => (char === '\n' ? char : ' '));

class RenditionWriter {
  constructor(
    readonly w: PageWriter,
    readonly currency: string,
  ) {}

  money(value: bigint): string {
    return formatMoney(minorToDecimal(value, this.currency), this.currency, 'en');
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
    this.heading(title);
    this.facts([
      ['Name', party.name],
      ['Address', [...party.addressLines, party.country ?? ''].filter((line) => line !== '').join(', ')],
      ['VAT id', party.vatId],
      ['Tax number', party.taxNumber],
      ['Legal registration id', party.legalId],
      ['Electronic address', party.electronicAddress],
      ['Contact', party.contact],
    ]);
  }

  allowanceCharge(item: ParsedAllowanceCharge): string {
    const vat = item.vatCategory === null ? '' : `, VAT ${item.vatCategory}${item.vatRate === null ? '' : ` ${item.vatRate} %`}`;
    return `${item.charge ? 'Charge' : 'Allowance'} ${this.money(item.amount)}${item.reason === null ? '' : `: ${item.reason}`}${vat}`;
  }
}

function drawLines(r: RenditionWriter, parsed: ParsedEInvoice): void {
  r.heading(`Lines (${parsed.lines.length})`);
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
      ['Quantity', `${line.quantity}${line.unitCode === null ? '' : ` ${line.unitCode}`}`],
      ['Net unit price', line.unitPrice === null || line.unitPrice === undefined ? null : `${line.unitPrice} ${parsed.currency}`],
      ['VAT', line.vatCategory === null ? null : `${line.vatCategory}${line.vatRate === null ? '' : ` ${line.vatRate} %`}`],
      ['Item description', line.itemDescription],
      ["Seller's item id", line.sellerItemId],
      ['Standard item id', line.standardItemId],
      ['Period', line.period],
      ['Allowances / charges', (line.allowancesCharges ?? []).map((item) => r.allowanceCharge(item)).join('; ')],
      ['Note', line.note],
    ]);
    r.w.y -= 4;
    r.w.rule(PAGE.left, PAGE.right, r.w.y);
  }
}

function drawValidation(r: RenditionWriter, report: ValidationReport): void {
  r.heading('Validation');
  const verdict =
    report.scope === 'zugferd1-structure'
      ? `ZUGFeRD 1.0: checked for structure only (${report.valid ? 'no problems found' : `${report.errors.length} error(s)`}); the EN 16931 rules do not apply to it.`
      : report.valid
        ? `Valid EN 16931 (${report.checked.join(', ')}), ${report.warnings.length} warning(s).`
        : `INVALID: ${report.errors.length} error(s), ${report.warnings.length} warning(s) (${report.checked.join(', ')}). Ask the seller for a corrected invoice.`;
  r.paragraph(verdict, { size: 9, bold: true });
  for (const finding of [...report.errors, ...report.warnings]) {
    r.paragraph(`${finding.severity === 'error' ? 'Error' : 'Warning'} ${finding.ruleId}: ${finding.message}`, { size: 8 });
  }
}

/** Lays the rendition out on A4 and returns the unsaved document, for `sealPdf`. */
export async function renderSupplierRendition(source: RenditionSource): Promise<PDFDocument> {
  const { parsed, report } = source;
  const { details, totals } = parsed;
  const doc = await PDFDocument.create({ updateMetadata: false });
  const typeName = TYPE_NAMES[parsed.typeCode] ?? 'Invoice';
  doc.setTitle(`${typeName} ${parsed.number} from ${parsed.seller.name}`, { showInWindowTitleBar: true });
  doc.setAuthor(parsed.seller.name);
  doc.setSubject(`Rendition of the e-invoice ${source.fileName}`);
  doc.setCreator('Sealbook');
  doc.setProducer('Sealbook');
  const w = new PageWriter(doc, await embedFonts(doc));
  const r = new RenditionWriter(w, parsed.currency);

  w.text(`${typeName} ${parsed.number}`, PAGE.left, w.y, { size: 17, bold: true, color: INK.accent });
  w.y -= 16;
  r.paragraph(
    `Human-readable rendition of the received e-invoice ${source.fileName} (SHA-256 ${source.sha256}), made by Sealbook on ${source.receivedAt.toISOString().slice(0, 10)}. The XML file is the legal original and is kept unchanged.`,
    { size: 8, color: INK.muted },
  );
  r.heading('Document');
  r.facts([
    ['Invoice number', parsed.number],
    ['Type', `${parsed.typeCode} ${typeName}`],
    ['Issue date', parsed.issueDate],
    ['Due date', parsed.dueDate],
    ['Currency', parsed.currency],
    ['Delivery date', details.deliveryDate],
    ['Invoicing period', details.period],
    ['Specification', report.specification],
  ]);
  r.heading('References');
  r.facts([
    ['Buyer reference', parsed.buyerReference],
    ['Order reference', details.orderReference],
    ['Contract reference', details.contractReference],
    ['Despatch / delivery note', details.despatchReference],
    ['Project reference', details.projectReference],
    ['Preceding invoice', details.precedingInvoice],
    ['Payment reference', details.paymentReference],
  ]);
  r.party('Seller', parsed.seller);
  r.party('Buyer', parsed.buyer);
  r.heading('Payment');
  r.facts([['Payment terms', details.paymentTerms]]);
  for (const means of details.paymentMeans) {
    r.facts([
      ['Payment means', [means.typeCode, MEANS_NAMES[means.typeCode ?? ''] ?? null, means.information].filter((part) => part !== null).join(' ')],
      ['IBAN / account', means.iban === null ? null : formatIban(means.iban)],
      ['Account name', means.accountName],
      ['BIC', means.bic],
    ]);
  }
  drawLines(r, parsed);
  if (details.allowancesCharges.length > 0) {
    r.heading('Document allowances and charges');
    for (const item of details.allowancesCharges) r.paragraph(r.allowanceCharge(item));
  }
  r.heading('VAT breakdown');
  for (const row of parsed.vatBreakdown) {
    r.facts([[`VAT ${row.category}${row.rate === null ? '' : ` ${row.rate} %`}`, `taxable ${r.money(row.taxable)}, VAT ${r.money(row.vat)}${row.exemptionReason === null ? '' : `, exemption: ${row.exemptionReason}`}`]]);
  }
  r.heading('Totals');
  r.facts([
    ['Sum of line net amounts', r.money(totals.lineTotal)],
    ['Allowances', details.allowanceTotal === 0n ? null : r.money(details.allowanceTotal)],
    ['Charges', details.chargeTotal === 0n ? null : r.money(details.chargeTotal)],
    ['Total without VAT', r.money(totals.net)],
    ['VAT total', r.money(totals.vat)],
    ['Total with VAT', r.money(totals.gross)],
    ['Paid in advance', details.prepaid === 0n ? null : r.money(details.prepaid)],
    ['Amount due', r.money(totals.due)],
  ]);
  if (details.notes.length > 0) {
    r.heading('Notes');
    for (const note of details.notes) r.paragraph(note);
  }
  drawValidation(r, report);
  const total = String(w.pages.length);
  w.pages.forEach((page, index) => {
    w.rule(PAGE.left, PAGE.right, 66, INK.rule, 0.6, page);
    w.text(`Rendition of ${source.fileName.slice(0, 80)}`, PAGE.left, 54, { size: 7, color: INK.muted }, 'left', page);
    w.text(`Page ${index + 1} of ${total}`, PAGE.right, 54, { size: 7, color: INK.muted }, 'right', page);
  });
  return doc;
}

/** The rendition, sealed with the vault's seal (made on first need, as for receipts). */
export async function sealedRendition(ctx: InvoicingContext, source: RenditionSource): Promise<Uint8Array> {
  const seal = ensureSeal(ctx);
  const name = readProfile(ctx).legalName || (ctx.companyName ?? 'Sealbook');
  const doc = await renderSupplierRendition(source);
  return sealPdf(doc, seal, { reason: `Rendition of received e-invoice ${source.parsed.number}`.slice(0, 200), name });
}
