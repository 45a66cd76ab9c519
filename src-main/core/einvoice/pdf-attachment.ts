import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from 'pdf-lib';
import type { PDFObject } from 'pdf-lib';
import { ValidationError } from '../errors.js';

/**
 * Finds the invoice XML a Factur-X / ZUGFeRD / XRechnung-in-PDF carries, by
 * walking the catalog's EmbeddedFiles name tree with pdf-lib's low-level
 * objects (pdf-lib has no attachment reader). The names are the ones the
 * standards fix: Factur-X 1.0 and ZUGFeRD 2.x, ZUGFeRD 1.0, XRechnung.
 */
export const INVOICE_ATTACHMENT_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'ZUGFeRD-invoice.xml', 'xrechnung.xml'] as const;

export class PdfInvoiceError extends ValidationError {}

export interface EmbeddedInvoice {
  readonly name: string;
  readonly bytes: Uint8Array;
}

function decodeText(value: PDFObject | undefined): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return null;
}

/** Leaf pairs [name, filespec] of a name tree, with a bound on depth so a cyclic tree cannot loop. */
function nameTreeEntries(node: PDFDict, depth = 0): [string, PDFDict][] {
  if (depth > 16) return [];
  const out: [string, PDFDict][] = [];
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = decodeText(names.lookup(i));
      const spec = names.lookup(i + 1);
      if (key !== null && spec instanceof PDFDict) out.push([key, spec]);
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) {
    for (let i = 0; i < kids.size(); i += 1) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) out.push(...nameTreeEntries(kid, depth + 1));
    }
  }
  return out;
}

function fileSpecStream(spec: PDFDict): Uint8Array | null {
  const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
  const stream = ef?.lookup(PDFName.of('F')) ?? ef?.lookup(PDFName.of('UF'));
  if (!(stream instanceof PDFRawStream)) return null;
  return decodePDFRawStream(stream).decode();
}

function specName(key: string, spec: PDFDict): string {
  return decodeText(spec.lookup(PDFName.of('UF'))) ?? decodeText(spec.lookup(PDFName.of('F'))) ?? key;
}

export async function loadPdf(bytes: Uint8Array, fileName: string): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    const encrypted = error instanceof Error && /encrypt/i.test(error.message);
    throw new PdfInvoiceError(
      encrypted
        ? `${fileName} is password-protected; ask the sender for an unprotected Factur-X / ZUGFeRD PDF.`
        : `${fileName} is not a readable PDF (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

/** Every embedded file, by name. */
export function embeddedFiles(doc: PDFDocument): EmbeddedInvoice[] {
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (!tree) return [];
  const files: EmbeddedInvoice[] = [];
  for (const [key, spec] of nameTreeEntries(tree)) {
    const bytes = fileSpecStream(spec);
    if (bytes) files.push({ name: specName(key, spec), bytes });
  }
  return files;
}

/** The invoice XML of a hybrid PDF, or null when it carries none. */
export async function extractInvoiceXml(bytes: Uint8Array, fileName: string): Promise<EmbeddedInvoice | null> {
  const files = embeddedFiles(await loadPdf(bytes, fileName));
  const wanted = INVOICE_ATTACHMENT_NAMES.map((name) => name.toLowerCase());
  return files.find((file) => wanted.includes(file.name.toLowerCase())) ?? null;
}
