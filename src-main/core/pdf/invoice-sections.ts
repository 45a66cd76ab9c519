import type { InvoiceDocument } from './invoice-document.js';
import type { Labels } from './invoice-text.js';
import { fill, formatDate, formatDecimal, formatIban, formatMoney, formatRate } from './invoice-text.js';
import { INK, PAGE } from './page-writer.js';
import type { PageWriter } from './page-writer.js';

const TOTALS_X = 320;
const isZero = (value: string): boolean => /^-?0*(\.0*)?$/.test(value.trim());

/** VAT breakdown per rate (EN 16931 BG-23) on the left, the totals box on the right. */
export function drawSummary(w: PageWriter, invoice: InvoiceDocument, labels: Labels): void {
  const { locale, currency, totals } = invoice;
  const money = (value: string): string => formatMoney(value, currency, locale);
  const reasons = invoice.vatBreakdown.filter((row) => row.exemptionReason);
  // BG-20 / BG-21 between the sum of lines (BT-106) and the total net (BT-109).
  const adjustments: [string, string, boolean][] = (invoice.allowanceCharges ?? []).map((a) => {
    const reason = a.percent ? `${a.reason} (${formatRate(a.percent, locale)})` : a.reason;
    const label = fill(a.charge ? labels.charge : labels.allowance, { reason });
    // One line in the box: a long reason is cut (the e-invoice XML carries it whole).
    return [w.wrap(label, PAGE.right - TOTALS_X - 72, { size: 9 })[0] ?? label, money(a.charge ? a.amount : `-${a.amount}`), false];
  });
  const rows: [string, string, boolean][] = [
    ...(invoice.lineTotal !== undefined && adjustments.length > 0 ? [[labels.lineTotal, money(invoice.lineTotal), false] as [string, string, boolean], ...adjustments] : []),
    [labels.net, money(totals.net), false],
    [labels.vatTotal, money(totals.vat), false],
    [labels.gross, money(totals.gross), true],
  ];
  const showPaid = totals.paid !== undefined && !isZero(totals.paid);
  const height = Math.max(invoice.vatBreakdown.length * 14 + 34 + reasons.length * 22, rows.length * 17 + (showPaid ? 17 : 0) + 34);
  w.ensure(height);
  const top = w.y;

  // VAT breakdown.
  const col = { rate: PAGE.left, taxable: PAGE.left + 160, vat: PAGE.left + 250 };
  w.text(labels.vatBreakdown, col.rate, top - 10, { size: 8.5, bold: true, color: INK.accent });
  let y = top - 26;
  w.text(labels.rate, col.rate, y, { size: 7.5, color: INK.muted });
  w.text(labels.taxable, col.taxable, y, { size: 7.5, color: INK.muted }, 'right');
  w.text(labels.vatAmount, col.vat, y, { size: 7.5, color: INK.muted }, 'right');
  w.rule(col.rate, col.vat, y - 4);
  for (const row of invoice.vatBreakdown) {
    y -= 14;
    w.text(formatRate(row.rate, locale), col.rate, y, { size: 8.5 });
    w.text(money(row.taxable), col.taxable, y, { size: 8.5 }, 'right');
    w.text(money(row.vat), col.vat, y, { size: 8.5 }, 'right');
  }
  for (const row of reasons) {
    y -= 4;
    for (const line of w.wrap(`${formatRate(row.rate, locale)}: ${row.exemptionReason ?? ''}`, col.vat - col.rate, { size: 7.5 })) {
      y -= 10;
      w.text(line, col.rate, y, { size: 7.5, color: INK.muted });
    }
  }

  // Totals box.
  let ty = top - 4;
  for (const [label, value, strong] of rows) {
    if (strong) {
      ty -= 5;
      w.rule(TOTALS_X, PAGE.right, ty, INK.text, 0.8);
    }
    ty -= 15;
    w.text(label, TOTALS_X + 6, ty, { size: 9, bold: strong });
    w.text(value, PAGE.right - 6, ty, { size: 9, bold: strong }, 'right');
    ty -= 2;
  }
  if (showPaid) {
    ty -= 15;
    w.text(labels.paid, TOTALS_X + 6, ty, { size: 9 });
    w.text(money(totals.paid), PAGE.right - 6, ty, { size: 9 }, 'right');
    ty -= 2;
  }
  const dueLabel = invoice.kind === 'credit-note' ? labels.refund : labels.due;
  w.box(TOTALS_X, ty - 24, PAGE.right - TOTALS_X, 22, INK.accent);
  const white = { size: 10.5, bold: true, color: INK.band };
  w.text(dueLabel, TOTALS_X + 6, ty - 16, { ...white, size: 9.5 });
  w.text(money(totals.due), PAGE.right - 6, ty - 16, white, 'right');
  ty -= 24;
  w.y = Math.min(y, ty) - 24;
}

/** How to pay: terms, amount and date, bank details and the reference to quote. */
export function drawPayment(w: PageWriter, invoice: InvoiceDocument, labels: Labels): void {
  const { seller, totals, locale } = invoice;
  const reference = invoice.paymentReference ?? invoice.number;
  const facts: [string, string][] = [];
  if (seller.bankName) facts.push([labels.bank, seller.bankName]);
  if (seller.iban) facts.push([labels.iban, formatIban(seller.iban)]);
  if (seller.bic) facts.push([labels.bic, seller.bic]);
  facts.push([labels.reference, reference]);
  const owes = invoice.kind === 'invoice' && !isZero(totals.due) && !totals.due.trim().startsWith('-');
  w.ensure(40 + facts.length * 13);
  heading(w, labels.payment);
  const width = PAGE.right - PAGE.left;
  if (invoice.paymentTerms) w.paragraph(invoice.paymentTerms, PAGE.left, width, { size: 9 });
  if (owes) {
    const amount = formatMoney(totals.due, invoice.currency, locale);
    const sentence = invoice.dueDate
      ? fill(labels.payBy, { amount, date: formatDate(invoice.dueDate, locale), reference })
      : fill(labels.payNow, { amount, reference });
    w.paragraph(sentence, PAGE.left, width, { size: 9 });
  }
  w.y -= 4;
  for (const [label, value] of facts) {
    w.ensure(13);
    w.y -= 13;
    w.text(label, PAGE.left, w.y, { size: 8.5, color: INK.muted });
    w.text(value, PAGE.left + 70, w.y, { size: 9, bold: label === labels.iban });
  }
  if (invoice.exchangeRate) {
    const note = invoice.exchangeRate;
    w.y -= 6;
    const text = fill(labels.exchange, {
      company: note.companyCurrency,
      currency: invoice.currency,
      rate: formatDecimal(note.rate, locale, 0, 6),
      vat: formatMoney(note.vatTotal, note.companyCurrency, locale),
    });
    w.paragraph(text, PAGE.left, width, { size: 8.5, color: INK.muted });
  }
  w.y -= 18;
}

export function drawNotes(w: PageWriter, invoice: InvoiceDocument, labels: Labels): void {
  if (!invoice.notes?.trim()) return;
  w.ensure(40);
  heading(w, labels.notes);
  w.paragraph(invoice.notes, PAGE.left, PAGE.right - PAGE.left, { size: 9 });
}

function heading(w: PageWriter, text: string): void {
  w.y -= 12;
  w.text(text, PAGE.left, w.y, { size: 10, bold: true, color: INK.accent });
  w.y -= 5;
  w.rule(PAGE.left, PAGE.right, w.y);
  w.y -= 2;
}

/** Company legal data on every page (commercial-code requirement in most of the EU) and "Page x of y". */
export function drawFooters(w: PageWriter, invoice: InvoiceDocument, labels: Labels): void {
  const { seller } = invoice;
  const style = { size: 7, color: INK.muted };
  const columns: string[][] = [
    [seller.legalName, ...seller.addressLines],
    [
      seller.vatId ? `${labels.vatId}: ${seller.vatId}` : '',
      seller.registrationNo ? `${labels.regNo}: ${seller.registrationNo}` : '',
      seller.email ?? '',
      seller.phone ?? '',
    ].filter((line) => line.length > 0),
    [
      seller.bankName ?? '',
      seller.iban ? `${labels.iban}: ${formatIban(seller.iban)}` : '',
      seller.bic ? `${labels.bic}: ${seller.bic}` : '',
    ].filter((line) => line.length > 0),
  ];
  const columnWidth = (PAGE.right - PAGE.left) / 3;
  const total = String(w.pages.length);
  w.pages.forEach((page, index) => {
    w.rule(PAGE.left, PAGE.right, 66, INK.rule, 0.6, page);
    w.text(fill(labels.page, { x: String(index + 1), y: total }), PAGE.right, 74, { size: 7.5, color: INK.muted }, 'right', page);
    columns.forEach((lines, column) => {
      const wrapped = lines.flatMap((line) => w.wrap(line, columnWidth - 8, style)).slice(0, 5);
      wrapped.forEach((line, row) => {
        w.text(line, PAGE.left + column * columnWidth, 56 - row * 9, style, 'left', page);
      });
    });
  });
}
