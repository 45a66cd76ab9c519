import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, rgb } from 'pdf-lib';
import type { PDFPage } from 'pdf-lib';
import { embedFonts } from '../../pdf/fonts.js';

/**
 * A received PDF becomes an envelope (DESIGN §5): the original attached
 * byte-exact as an embedded file with AFRelationship /Source (PDF/A-3,
 * ISO 19005-3 6.8), its pages copied in where readable, and old signature
 * widgets dropped from the copies so our seal is the only one on the
 * envelope while the original's own signature stays verifiable inside it.
 * A password-protected or unreadable original still gets an envelope: one
 * page saying so, with the original attached.
 */
export interface Envelope {
  readonly doc: PDFDocument;
  readonly pages: number;
  /** Set when the original's pages could not be copied in. */
  readonly note: string | null;
}

export const PASSWORD_NOTE = 'The PDF is password-protected: its pages could not be rendered. The original is kept unchanged; remove the password and drop it again to see its pages here.';
const UNREADABLE_NOTE = 'The PDF could not be read: its pages could not be rendered. The original is kept unchanged.';

export async function pdfEnvelope(original: Uint8Array, fileName: string): Promise<Envelope> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const copied = await copyPagesIn(doc, original);
  let { pages, note } = copied;
  if (pages === 0) {
    note ??= UNREADABLE_NOTE;
    await addNotePage(doc, fileName, note);
    pages = 1;
  }
  attachSource(doc, original, fileName);
  return { doc, pages, note };
}

async function copyPagesIn(doc: PDFDocument, original: Uint8Array): Promise<{ pages: number; note: string | null }> {
  if (isEncrypted(original)) return { pages: 0, note: PASSWORD_NOTE };
  try {
    const source = await PDFDocument.load(original, { updateMetadata: false, throwOnInvalidObject: false });
    const copied = await doc.copyPages(source, source.getPageIndices());
    for (const page of copied) {
      dropSignatureWidgets(doc, page);
      doc.addPage(page);
    }
    return { pages: copied.length, note: null };
  } catch (error) {
    return { pages: 0, note: error instanceof Error && error.name === 'EncryptedPDFError' ? PASSWORD_NOTE : UNREADABLE_NOTE };
  }
}

/**
 * An /Encrypt entry in the trailer (or the xref stream's dictionary, which
 * is never encrypted: ISO 32000-1 7.6.1): pdf-lib cannot read such a file,
 * and its own error comes only when the objects happen to parse.
 */
function isEncrypted(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(text);
}

function dropSignatureWidgets(doc: PDFDocument, page: PDFPage): void {
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (!annots) return;
  const kept = PDFArray.withContext(doc.context);
  for (let i = 0; i < annots.size(); i += 1) {
    const item = annots.get(i);
    const annot = item instanceof PDFRef ? doc.context.lookupMaybe(item, PDFDict) : item instanceof PDFDict ? item : undefined;
    if (annot && isSignatureWidget(doc, annot)) continue;
    kept.push(item);
  }
  page.node.set(PDFName.of('Annots'), kept);
}

function isSignatureWidget(doc: PDFDocument, annot: PDFDict): boolean {
  if (annot.get(PDFName.of('Subtype')) !== PDFName.of('Widget')) return false;
  const own = annot.get(PDFName.of('FT'));
  if (own === PDFName.of('Sig')) return true;
  const parent = annot.get(PDFName.of('Parent'));
  const parentDict = parent instanceof PDFRef ? doc.context.lookupMaybe(parent, PDFDict) : undefined;
  return parentDict?.get(PDFName.of('FT')) === PDFName.of('Sig');
}

/** pdf-lib 1.17's `attach` cannot set AFRelationship: the file spec is written here. */
function attachSource(doc: PDFDocument, original: Uint8Array, fileName: string): void {
  const ctx = doc.context;
  const name = fileName.toLowerCase().endsWith('.pdf') ? fileName : `${fileName}.pdf`;
  const checksum = createHash('md5').update(original).digest('hex');
  const embedded = ctx.stream(deflateSync(original), {
    Type: 'EmbeddedFile',
    Subtype: 'application/pdf',
    Filter: 'FlateDecode',
    Params: { Size: original.byteLength, CheckSum: PDFHexString.of(checksum) },
  });
  const embeddedRef = ctx.register(embedded);
  const spec = ctx.obj({
    Type: 'Filespec',
    F: PDFString.of(asciiName(name)),
    UF: PDFHexString.fromText(name),
    Desc: PDFHexString.fromText('Original document as received'),
    AFRelationship: 'Source',
    EF: { F: embeddedRef, UF: embeddedRef },
  });
  const specRef = ctx.register(spec);
  const names = ctx.obj({ EmbeddedFiles: ctx.obj({ Names: [PDFHexString.fromText(name), specRef] }) });
  doc.catalog.set(PDFName.of('Names'), names);
  doc.catalog.set(PDFName.of('AF'), ctx.obj([specRef]));
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '_').replace(/[()\\]/g, '_');
}

async function addNotePage(doc: PDFDocument, fileName: string, note: string): Promise<void> {
  const fonts = await embedFonts(doc);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(fileName.slice(0, 90), { x: 56, y: 770, size: 14, font: fonts.bold, color: rgb(0.1, 0.1, 0.1) });
  let y = 740;
  for (const line of wrap(note, 80)) {
    page.drawText(line, { x: 56, y, size: 11, font: fonts.regular, color: rgb(0.2, 0.2, 0.2) });
    y -= 16;
  }
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line !== '') {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
