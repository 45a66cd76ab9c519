import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { UnavailableError } from '../errors.js';
import { resourcePath } from '../resources.js';

/**
 * DejaVu Sans (Bitstream Vera licence: embedding allowed) covers €, ß and
 * the accented Latin letters; PDFs never use the standard-14 fonts (DESIGN §5).
 */
export interface InvoiceFonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

type FontFile = 'DejaVuSans.ttf' | 'DejaVuSans-Bold.ttf';
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;

const fileBytes = new Map<FontFile, Uint8Array>();
const parsedFonts = new WeakMap<Uint8Array, FontkitFont>();

/** The font file's bytes, read once per process. */
export function fontBytes(file: FontFile): Uint8Array {
  let bytes = fileBytes.get(file);
  if (bytes === undefined) {
    try {
      bytes = new Uint8Array(readFileSync(resourcePath('fonts', file)));
    } catch {
      throw new UnavailableError(`The font ${file} is missing from the app's resources; reinstall Sealbook.`);
    }
    fileBytes.set(file, bytes);
  }
  return bytes;
}

/**
 * pdf-lib parses the font with fontkit on every embed (≈10 ms for DejaVu);
 * handing it a fontkit whose `create` reuses the parsed font keeps issuing
 * an invoice fast. The parsed font is only read: each document builds its
 * own subset from it.
 */
const cachingFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    if (postscriptName !== undefined) return fontkit.create(buffer, postscriptName);
    let font = parsedFonts.get(buffer);
    if (font === undefined) {
      font = fontkit.create(buffer);
      parsedFonts.set(buffer, font);
    }
    return font;
  },
};

/** Registers fontkit and embeds the regular and bold faces as subsets. */
export async function embedFonts(doc: PDFDocument): Promise<InvoiceFonts> {
  doc.registerFontkit(cachingFontkit);
  const [regular, bold] = await Promise.all([
    doc.embedFont(fontBytes('DejaVuSans.ttf'), { subset: true }),
    doc.embedFont(fontBytes('DejaVuSans-Bold.ttf'), { subset: true }),
  ]);
  return { regular, bold };
}
