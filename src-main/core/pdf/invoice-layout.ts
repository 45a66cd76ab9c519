import { PDFDocument } from 'pdf-lib';
import type { PDFImage } from 'pdf-lib';
import { ValidationError } from '../errors.js';
import { embedFonts } from './fonts.js';
import type { InvoiceDocument, InvoiceLine, InvoiceLogo } from './invoice-document.js';
import { drawFooters, drawNotes, drawPayment, drawSummary } from './invoice-sections.js';
import type { Labels } from './invoice-text.js';
import { formatDate, formatDecimal, formatQuantity, formatRate, labelsFor, titleFor } from './invoice-text.js';
import { INK, PAGE, PageWriter } from './page-writer.js';

/**
 * Lays out an invoice or credit note on A4 and returns the unsaved document,
 * ready for `sealPdf` (it is saved exactly once, by the sealing step).
 */
export async function renderInvoicePdf(invoice: InvoiceDocument): Promise<PDFDocument> {
  if (invoice.lines.length === 0) throw new ValidationError('An invoice needs at least one line before it can be printed.');
  const labels = labelsFor(invoice.locale);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const title = `${titleFor(labels, invoice.kind)} ${invoice.number}`;
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(invoice.seller.legalName);
  doc.setSubject(`${title} – ${invoice.buyer.name}`);
  doc.setCreator('Sealbook');
  doc.setProducer('Sealbook');
  doc.setLanguage(invoice.locale);

  const writer = new PageWriter(doc, await embedFonts(doc));
  const logo = invoice.seller.logo === undefined ? undefined : await embedLogo(doc, invoice.seller.logo);
  drawFirstPageHeader(writer, invoice, labels, logo);
  drawLineTable(writer, invoice, labels);
  writer.onNewPage = (w) => {
    drawContinuationHeader(w, invoice, labels);
  };
  drawSummary(writer, invoice, labels);
  drawPayment(writer, invoice, labels);
  drawNotes(writer, invoice, labels);
  drawFooters(writer, invoice, labels);
  return doc;
}

async function embedLogo(doc: PDFDocument, logo: InvoiceLogo): Promise<PDFImage> {
  try {
    return logo.type === 'png' ? await doc.embedPng(logo.bytes) : await doc.embedJpg(logo.bytes);
  } catch {
    throw new ValidationError('The company logo could not be read. Upload it again as a PNG or JPEG file.');
  }
}

const META_LABEL_X = 360;

function drawFirstPageHeader(w: PageWriter, invoice: InvoiceDocument, labels: Labels, logo: PDFImage | undefined): void {
  const { seller, buyer } = invoice;
  let left = PAGE.top;
  if (logo) {
    const scale = Math.min(170 / logo.width, 56 / logo.height, 1);
    const height = logo.height * scale;
    w.page.drawImage(logo, { x: PAGE.left, y: PAGE.top - height + 10, width: logo.width * scale, height });
    left = PAGE.top - height - 8;
  } else {
    for (const line of w.wrap(seller.legalName, 280, { size: 17, bold: true })) {
      left -= 8;
      w.text(line, PAGE.left, left, { size: 17, bold: true, color: INK.accent });
      left -= 13;
    }
  }
  const small = { size: 8.5, color: INK.muted };
  const sellerLines = [
    ...(logo ? [seller.legalName] : []),
    ...seller.addressLines,
    [seller.email, seller.phone].filter(Boolean).join('  ·  '),
    seller.website ?? '',
  ].filter((line) => line.length > 0);
  for (const line of sellerLines) {
    left -= 11;
    w.text(line, PAGE.left, left, small);
  }

  // Document title and key facts, right-hand side.
  w.text(titleFor(labels, invoice.kind), PAGE.right, PAGE.top - 14, { size: 22, bold: true, color: INK.accent }, 'right');
  const meta: [string, string][] = [
    [labels.number[invoice.kind], invoice.number],
    [labels.issueDate, formatDate(invoice.issueDate, invoice.locale)],
  ];
  if (invoice.deliveryDate) meta.push([labels.deliveryDate, formatDate(invoice.deliveryDate, invoice.locale)]);
  // BG-14 on two rows: a long date range would run into its label.
  if (invoice.period?.start) meta.push([labels.periodFrom, formatDate(invoice.period.start, invoice.locale)]);
  if (invoice.period?.end) meta.push([labels.periodTo, formatDate(invoice.period.end, invoice.locale)]);
  if (invoice.orderReference) meta.push([labels.orderRef, invoice.orderReference]);
  if (invoice.contractReference) meta.push([labels.contractRef, invoice.contractReference]);
  if (invoice.dueDate && invoice.kind === 'invoice') meta.push([labels.dueDate, formatDate(invoice.dueDate, invoice.locale)]);
  if (invoice.precedingInvoice) meta.push([labels.preceding, invoice.precedingInvoice.number]);
  if (buyer.reference) meta.push([labels.customerRef, buyer.reference]);
  let right = PAGE.top - 42;
  for (const [label, value] of meta) {
    w.text(label, META_LABEL_X, right, { size: 9, color: INK.muted });
    w.text(value, PAGE.right, right, { size: 9, bold: label === meta[0]?.[0] }, 'right');
    right -= 14;
  }

  // Address window (fits a DL window envelope: starts about 45 mm from the top).
  let y = Math.min(left - 22, 690);
  const returnLine = [seller.legalName, ...seller.addressLines].join(' · ');
  const returnStyle = { size: 6.5, color: INK.muted };
  const fitted = (w.wrap(returnLine, 250, returnStyle)[0] ?? '').replace(/\s*·$/, '');
  w.text(fitted, PAGE.left, y, returnStyle);
  w.rule(PAGE.left, PAGE.left + 250, y - 3);
  y -= 18;
  w.text(labels.billTo.toUpperCase(), PAGE.left, y, { size: 7.5, bold: true, color: INK.muted });
  y -= 14;
  for (const line of w.wrap(buyer.name, 250, { size: 10.5, bold: true })) {
    w.text(line, PAGE.left, y, { size: 10.5, bold: true });
    y -= 13.5;
  }
  for (const line of buyer.addressLines) {
    w.text(line, PAGE.left, y, { size: 10 });
    y -= 13;
  }
  if (buyer.vatId) {
    y -= 2;
    w.text(`${labels.vatId}: ${buyer.vatId}`, PAGE.left, y, { size: 9, color: INK.muted });
    y -= 13;
  }
  w.y = Math.min(y, right) - 22;
}

function drawContinuationHeader(w: PageWriter, invoice: InvoiceDocument, labels: Labels): void {
  const y = PAGE.top - 4;
  w.text(invoice.seller.legalName, PAGE.left, y, { size: 11, bold: true, color: INK.accent });
  const title = `${labels.number[invoice.kind]} ${invoice.number} (${labels.continued})`;
  w.text(title, PAGE.right, y, { size: 9, color: INK.muted }, 'right');
  w.rule(PAGE.left, PAGE.right, y - 9);
  w.y = y - 30;
}

interface Column {
  readonly label: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  readonly value: (line: InvoiceLine) => string;
}

function columnsFor(invoice: InvoiceDocument, labels: Labels): Column[] {
  const { locale } = invoice;
  const money = (value: string): string => formatDecimal(value, locale);
  const hasDiscount = invoice.lines.some((line) => line.discount !== undefined && !/^-?0*(\.0*)?$/.test(line.discount));
  const fixed: Column[] = [
    { label: labels.quantity, width: 44, align: 'right', value: (l) => formatQuantity(l.quantity, locale) },
    { label: labels.unit, width: 36, align: 'left', value: (l) => l.unit ?? '' },
    { label: labels.unitPrice, width: 68, align: 'right', value: (l) => money(l.unitPrice) },
    ...(hasDiscount ? [{ label: labels.discount, width: 54, align: 'right' as const, value: (l: InvoiceLine) => (l.discount ? money(l.discount) : '') }] : []),
    { label: labels.vatRate, width: 38, align: 'right', value: (l) => formatRate(l.vatRate, locale) },
    { label: `${labels.amount} (${invoice.currency})`, width: 86, align: 'right', value: (l) => money(l.net) },
  ];
  const fixedWidth = fixed.reduce((sum, column) => sum + column.width, 0);
  return [
    { label: labels.pos, width: 22, align: 'left', value: (l) => l.position },
    { label: labels.description, width: PAGE.right - PAGE.left - 22 - fixedWidth, align: 'left', value: (l) => l.description },
    ...fixed,
  ];
}

const CELL_PAD = 4;
const ROW_LEADING = 11.5;

function drawTableHeader(w: PageWriter, columns: Column[]): void {
  const height = 18;
  w.box(PAGE.left, w.y - height, PAGE.right - PAGE.left, height, INK.band);
  let x = PAGE.left;
  for (const column of columns) {
    const anchor = column.align === 'right' ? x + column.width - CELL_PAD : x + CELL_PAD;
    w.text(column.label, anchor, w.y - 12, { size: 7.5, bold: true, color: INK.accent }, column.align);
    x += column.width;
  }
  w.y -= height;
}

function drawLineTable(w: PageWriter, invoice: InvoiceDocument, labels: Labels): void {
  const columns = columnsFor(invoice, labels);
  const description = columns[1];
  if (description === undefined) return;
  const style = { size: 8.5 };
  w.ensure(60);
  drawTableHeader(w, columns);
  w.onNewPage = (writer) => {
    drawContinuationHeader(writer, invoice, labels);
    drawTableHeader(writer, columns);
  };
  for (const line of invoice.lines) {
    const descriptionLines = w.wrap(line.description, description.width - 2 * CELL_PAD, style);
    const height = descriptionLines.length * ROW_LEADING + 9;
    w.ensure(height);
    const baseline = w.y - 13;
    let x = PAGE.left;
    for (const column of columns) {
      if (column === description) {
        descriptionLines.forEach((text, index) => {
          w.text(text, x + CELL_PAD, baseline - index * ROW_LEADING, style);
        });
      } else {
        const anchor = column.align === 'right' ? x + column.width - CELL_PAD : x + CELL_PAD;
        w.text(column.value(line), anchor, baseline, style, column.align);
      }
      x += column.width;
    }
    w.y -= height;
    w.rule(PAGE.left, PAGE.right, w.y);
  }
  w.y -= 16;
}
