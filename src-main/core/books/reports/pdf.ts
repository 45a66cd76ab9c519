import { PDFDocument } from 'pdf-lib';
import { readProfile } from '../../invoices/company.js';
import { nowIso } from '../../invoices/context.js';
import { ensureSeal } from '../../invoices/seal.js';
import { embedFonts } from '../../pdf/fonts.js';
import { sealPdf } from '../../pdf/pades-signer.js';
import { INK, PAGE, PageWriter } from '../../pdf/page-writer.js';
import type { BooksContext } from '../context.js';
import type { ReportTable } from './tables.js';

const SIZE = 8;
const ROW = 12;

/**
 * A report as an A4 PDF laid out with the invoices' fonts and page writer,
 * sealed (PAdES-B-B) with the vault's seal, so a printed VAT summary can be
 * shown to be the vault's, unaltered.
 */
export async function sealedReportPdf(ctx: BooksContext, table: ReportTable): Promise<Uint8Array> {
  const profile = readProfile(ctx);
  const company = profile.legalName || ctx.companyName || 'Sealbook';
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${table.title} – ${company}`);
  doc.setAuthor(company);
  doc.setCreator('Sealbook');
  doc.setProducer('Sealbook');
  const writer = new PageWriter(doc, await embedFonts(doc));
  const width = PAGE.right - PAGE.left;
  const weights = table.columns.map((_, i) => (table.numeric[i] === true ? 1 : i === 1 || table.columns[i] === 'Text' ? 2.6 : 1.1));
  const total = weights.reduce((a, b) => a + b, 0);
  const edges: number[] = [];
  let x: number = PAGE.left;
  for (const w of weights) {
    edges.push(x);
    x += (w / total) * width;
  }
  const columnWidth = (i: number): number => ((weights[i] ?? 1) / total) * width - 4;
  const fit = (text: string, i: number, bold: boolean): string => {
    let out = text;
    while (out.length > 1 && writer.width(out, { size: SIZE, bold }) > columnWidth(i)) out = out.slice(0, -1);
    return out === text ? text : `${out.slice(0, -1)}…`;
  };
  const drawRow = (cells: readonly string[], bold: boolean): void => {
    writer.ensure(ROW);
    writer.y -= ROW;
    cells.forEach((cell, i) => {
      const x = table.numeric[i] === true ? (edges[i] ?? 0) + columnWidth(i) : (edges[i] ?? 0);
      writer.text(fit(cell, i, bold), x, writer.y, { size: SIZE, bold }, table.numeric[i] === true ? 'right' : 'left');
    });
  };
  const header = (): void => {
    drawRow(table.columns, true);
    writer.rule(PAGE.left, PAGE.right, writer.y - 3);
    writer.y -= 3;
  };
  writer.text(company, PAGE.left, writer.y, { size: 10, color: INK.muted });
  writer.y -= 22;
  writer.text(table.title, PAGE.left, writer.y, { size: 16, bold: true, color: INK.accent });
  writer.y -= 16;
  writer.text(`${table.subtitle} · made ${nowIso(ctx).slice(0, 16).replace('T', ' ')} UTC by ${ctx.actor}`, PAGE.left, writer.y, { size: 9, color: INK.muted });
  writer.y -= 12;
  writer.onNewPage = header;
  header();
  // Totals and section heads (rows without an account) in bold.
  for (const row of table.rows) drawRow(row, row[0] === '' && /^(Total|Profit|VAT due|Income|Expenses|Assets|Liabilities|Equity)/.test(row[1] ?? ''));
  writer.pages.forEach((page, index) => {
    writer.text(`${table.title} · page ${String(index + 1)} of ${String(writer.pages.length)}`, PAGE.right, 40, { size: 7, color: INK.muted }, 'right', page);
  });
  return sealPdf(doc, ensureSeal(ctx), { reason: `${table.title} ${table.subtitle}`, name: company });
}
