/**
 * Text of a receipt and the expense fields read from it (issue 7, items 7-9).
 * The receipts service calls only what this file exports; how text is got
 * (PDF extraction, offline OCR) and parsed lives behind it.
 */
import { maskPans } from '../../audit/redact.js';
import { pdfTextLayer, renderPages, withPdf } from './pdf-text.js';
import { readPrefill, type Prefill } from './prefill/index.js';
// ./ocr-engine.js (tesseract) and ./ocr-image.js (libvips, libheif) are imported on first use:
// the app and the CLI start without loading them.

/** What the archive knows about a document whose text is wanted. */
export interface TextSource {
  /** Sniffed from the bytes. WebP, TIFF (every page) and HEIC are converted here; PNG or JPEG from intake is fine too. */
  readonly kind: 'pdf' | 'jpeg' | 'png' | 'webp' | 'tiff' | 'heic';
  readonly bytes: Uint8Array;
}

export interface ExtractedText {
  /** Card numbers already masked to their last 4 digits. */
  readonly text: string;
  readonly method: 'pdf-text' | 'ocr' | 'none';
  /** True when a Luhn-valid card number was found and masked. */
  readonly panMasked: boolean;
  /** Pages whose text was read (PDF pages or TIFF pages; 1 for other images). */
  readonly pages?: number;
}

export type { Prefill } from './prefill/index.js';

// Fewer letters than this in a PDF's text layer means a scan (or only a page number): read its pixels instead.
const MIN_TEXT_LAYER_LETTERS = 20;

/**
 * Text from a digital PDF by extraction, else by offline OCR. Never touches the network.
 * Throws ValidationError for bytes that cannot be decoded (the caller keeps the
 * original and records the reason) and UnavailableError when the OCR engine fails.
 */
export async function extractText(source: TextSource): Promise<ExtractedText> {
  if (source.kind === 'pdf') {
    const fromPdf = await withPdf(source.bytes, async (pdf) => {
      const layer = await pdfTextLayer(pdf);
      if (letterCount(layer) >= MIN_TEXT_LAYER_LETTERS) return { text: layer, method: 'pdf-text' as const, pages: pdf.numPages };
      const rasters = await renderPages(pdf);
      const { prepareRaster } = await import('./ocr-image.js');
      return { text: await recognizeAll(await Promise.all(rasters.map(prepareRaster))), method: 'ocr' as const, pages: rasters.length };
    });
    return masked(fromPdf.text, fromPdf.method, fromPdf.pages);
  }
  const { pageImages } = await import('./ocr-image.js');
  const images = await pageImages(source.kind, source.bytes);
  return masked(await recognizeAll(images), 'ocr', images.length);
}

/** Reads expense fields out of receipt text (keywords in EN, DE, FR). */
export function prefillFromText(text: string): Prefill {
  return readPrefill(text);
}

async function recognizeAll(images: readonly Uint8Array[]): Promise<string> {
  const pages: string[] = [];
  const { ocrEngine } = await import('./ocr-engine.js');
  for (const image of images) pages.push((await ocrEngine.recognize(image)).trim());
  return pages.join('\n\n');
}

function masked(text: string, method: 'pdf-text' | 'ocr', pages: number): ExtractedText {
  const safe = maskPans(text);
  const trimmed = safe.trim();
  return { text: trimmed, method: trimmed === '' ? 'none' : method, panMasked: safe !== text, pages };
}

function letterCount(text: string): number {
  return (text.match(/\p{L}/gu) ?? []).length;
}
