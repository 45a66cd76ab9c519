/**
 * Text of a receipt and the expense fields read from it (issue 7, items 7-9).
 * The receipts service calls only what this file exports; how text is got
 * (PDF extraction, offline OCR) and parsed lives behind it.
 *
 * Placeholder until the text module lands: no text, nothing prefilled.
 */

/** What the archive knows about a document whose text is wanted. */
export interface TextSource {
  /** Sniffed from the bytes. Images arrive already decoded to PNG or JPEG by intake when needed. */
  readonly kind: 'pdf' | 'jpeg' | 'png' | 'webp' | 'tiff' | 'heic';
  readonly bytes: Uint8Array;
}

export interface ExtractedText {
  /** Card numbers already masked to their last 4 digits. */
  readonly text: string;
  readonly method: 'pdf-text' | 'ocr' | 'none';
  /** True when a Luhn-valid card number was found and masked. */
  readonly panMasked: boolean;
}

/** Fields a draft expense can be prefilled with; every one optional (where found). */
export interface Prefill {
  readonly date?: string; // ISO yyyy-mm-dd
  readonly total?: string; // decimal string, e.g. "12.50"
  readonly currency?: string; // ISO 4217
  readonly supplier?: string;
  readonly vatAmount?: string;
  readonly vatRate?: string; // percent, e.g. "19"
  readonly vatId?: string;
}

/** Text from a digital PDF by extraction, else by offline OCR. Never touches the network. */
export async function extractText(source: TextSource): Promise<ExtractedText> {
  void source;
  return { text: '', method: 'none', panMasked: false };
}

/** Reads expense fields out of receipt text (keywords in EN, DE, FR). */
export function prefillFromText(text: string): Prefill {
  void text;
  return {};
}
