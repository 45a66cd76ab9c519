/**
 * PDF receipts: the text layer by extraction (pdfjs-dist's legacy build, which
 * runs in Node 20, with its in-process "fake" worker: nothing is fetched), and
 * page rasters for OCR when there is no text layer (a scanner's PDF). Rendering
 * uses the canvas pdfjs brings for Node (@napi-rs/canvas, its optional dependency).
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { ValidationError } from '../../errors.js';

// A receipt is one or a few pages; a 300-page PDF gets its first pages read, not the whole book.
export const MAX_PDF_PAGES = 20;
// 200 dpi: enough for Tesseract on printed receipt text, cheap to render.
const RENDER_SCALE = 200 / 72;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

export async function withPdf<T>(bytes: Uint8Array, use: (pdf: PDFDocumentProxy) => Promise<T>): Promise<T> {
  const { getDocument } = await loadPdfJs();
  // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  let pdf: PDFDocumentProxy;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    // pdfjs does not export its PasswordException class; its name is stable API (onPassword callers test it).
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new ValidationError('The PDF is password-protected, so its text cannot be read. The original is kept; remove the password and import it again to get its text.');
    }
    throw new ValidationError(`The PDF could not be read (${error instanceof Error ? error.message : String(error)}). The original is kept.`);
  }
  try {
    return await use(pdf);
  } finally {
    await task.destroy();
  }
}

/** The text layer of the first pages, one line per printed line. Empty for a scanned PDF. */
export async function pdfTextLayer(pdf: PDFDocumentProxy): Promise<string> {
  const pages: string[] = [];
  for (let number = 1; number <= Math.min(pdf.numPages, MAX_PDF_PAGES); number += 1) {
    const page = await pdf.getPage(number);
    pages.push(await pageText(page));
    page.cleanup();
  }
  return pages.join('\n\n').trim();
}

interface PositionedText {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly height: number;
}

// Items are grouped into lines by baseline, then read left to right: drawing order is not reading order.
async function pageText(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  const items: PositionedText[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const transform = item.transform as readonly number[];
    items.push({ str: item.str, x: transform[4] ?? 0, y: transform[5] ?? 0, height: Math.abs(item.height) });
  }
  items.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PositionedText[][] = [];
  for (const item of items) {
    const line = lines.at(-1);
    const first = line?.[0];
    if (line !== undefined && first !== undefined && Math.abs(first.y - item.y) <= Math.max(2, first.height * 0.4)) line.push(item);
    else lines.push([item]);
  }
  return lines.map((line) => line.sort((a, b) => a.x - b.x).map((item) => item.str.trim()).join(' ')).join('\n');
}

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

/** What pdfjs's Node canvas factory hands out; typed by pdfjs only as Object. */
interface NodeCanvas {
  readonly canvas: { toBuffer(mime: 'image/png'): Uint8Array };
  readonly context: unknown;
}
interface CanvasFactory {
  create(width: number, height: number): NodeCanvas;
  destroy(canvas: NodeCanvas): void;
}

/** PNG rasters of the first pages, for OCR of a PDF that has no text layer. */
export async function renderPages(pdf: PDFDocumentProxy): Promise<Uint8Array[]> {
  const factory = pdf.canvasFactory as CanvasFactory;
  const images: Uint8Array[] = [];
  for (let number = 1; number <= Math.min(pdf.numPages, MAX_PDF_PAGES); number += 1) {
    const page = await pdf.getPage(number);
    const viewport = page.getViewport({ scale: RENDER_SCALE });
    const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    try {
      // pdfjs types `canvas` as a DOM element; in Node it is the factory's @napi-rs canvas.
      const parameters = { canvas: target.canvas, viewport } as unknown as RenderParameters;
      await page.render(parameters).promise;
      images.push(target.canvas.toBuffer('image/png'));
    } finally {
      factory.destroy(target);
      page.cleanup();
    }
  }
  return images;
}
