import type { EInvoiceContainer, EInvoiceSyntax, ValidationReport } from '../../../src-shared/einvoice.js';
import type { ParsedEInvoice } from './model.js';
import { parseCii } from './parse-cii.js';
import { parseUbl } from './parse-ubl.js';
import { PdfInvoiceError, extractInvoiceXml } from './pdf-attachment.js';
import { detectSyntax } from './syntax.js';
import { NotAnEInvoiceError, specificationId, validateEInvoiceXml } from './validate.js';
import { decodeSafeXml } from './xml-safety.js';
import { parseXmlTree } from './xml-tree.js';
import { checkWellFormed } from './xsd.js';
import { readZugferd1 } from './zugferd1.js';

/**
 * From a file's bytes to a checked supplier invoice: sniff the container by
 * content (never the extension), take the XML out of a hybrid PDF, refuse
 * unsafe XML, validate, then read the business terms.
 */
export interface ReadEInvoice {
  readonly container: EInvoiceContainer;
  /** The invoice XML exactly as it was inside the file. */
  readonly xmlBytes: Uint8Array;
  readonly attachmentName: string | null;
  readonly parsed: ParsedEInvoice;
  readonly report: ValidationReport;
}

export interface EInvoiceClass {
  readonly container: EInvoiceContainer;
  readonly syntax: EInvoiceSyntax | 'zugferd1';
}

const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');

function looksLikeXml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<');
}

/**
 * What the receipts drop zone asks before routing a file here: CII, UBL
 * Invoice / CreditNote (XRechnung included), or a PDF carrying one of them
 * (Factur-X, ZUGFeRD 1 and 2). Null for anything else, including a broken file.
 */
export async function classifyEInvoice(bytes: Uint8Array): Promise<EInvoiceClass | null> {
  try {
    if (isPdf(bytes)) {
      const embedded = await extractInvoiceXml(bytes, 'file.pdf');
      const syntax = embedded ? detectSyntax(decodeSafeXml(embedded.bytes, embedded.name)) : null;
      return syntax === null ? null : { container: 'pdf', syntax };
    }
    if (!looksLikeXml(bytes)) return null;
    const syntax = detectSyntax(decodeSafeXml(bytes, 'file.xml'));
    return syntax === null ? null : { container: 'xml', syntax };
  } catch {
    // Unreadable or unsafe: not ours to route; readEInvoice gives the precise reason if asked.
    return null;
  }
}

export async function isEInvoice(bytes: Uint8Array): Promise<boolean> {
  return (await classifyEInvoice(bytes)) !== null;
}

async function invoiceXmlOf(bytes: Uint8Array, fileName: string): Promise<{ container: EInvoiceContainer; xmlBytes: Uint8Array; name: string | null }> {
  if (bytes.length === 0) throw new NotAnEInvoiceError(`${fileName} is empty (0 bytes): there is no invoice in it. Save the e-invoice again from where it came and drop that file.`);
  if (isPdf(bytes)) {
    const embedded = await extractInvoiceXml(bytes, fileName);
    if (!embedded) {
      throw new PdfInvoiceError(`${fileName} is a PDF without an embedded e-invoice (factur-x.xml, zugferd-invoice.xml or xrechnung.xml); import it as a receipt instead.`);
    }
    return { container: 'pdf', xmlBytes: embedded.bytes, name: embedded.name };
  }
  if (!looksLikeXml(bytes)) throw new NotAnEInvoiceError(`${fileName} is neither an XML e-invoice nor a PDF; import it as a receipt instead.`);
  return { container: 'xml', xmlBytes: bytes, name: null };
}

export async function readEInvoice(bytes: Uint8Array, fileName: string): Promise<ReadEInvoice> {
  const { container, xmlBytes, name } = await invoiceXmlOf(bytes, fileName);
  const label = name === null ? fileName : `${name} inside ${fileName}`;
  const xml = decodeSafeXml(xmlBytes, label);
  await checkWellFormed(xml, label);
  const tree = parseXmlTree(xml);
  if (detectSyntax(xml) === 'zugferd1') return { container, xmlBytes, attachmentName: name, ...readZugferd1(xml, tree, label) };
  const report = await validateEInvoiceXml(xml);
  const parsed = report.syntax === 'cii' ? parseCii(tree, label) : parseUbl(tree, report.syntax, label);
  return { container, xmlBytes, attachmentName: name, parsed, report };
}

/** Validation only (no vault): the XML of a file, or the one inside a hybrid PDF, against the official rules. */
export async function validateEInvoiceFile(bytes: Uint8Array, fileName: string): Promise<ValidationReport> {
  const { xmlBytes, name } = await invoiceXmlOf(bytes, fileName);
  const label = name === null ? fileName : `${name} inside ${fileName}`;
  const xml = decodeSafeXml(xmlBytes, label);
  if (detectSyntax(xml) === 'zugferd1') {
    await checkWellFormed(xml, label);
    return readZugferd1(xml, parseXmlTree(xml), label).report;
  }
  // The Factur-X profile rules apply to a Factur-X of the EN 16931 profile only (BT-24 says which).
  return validateEInvoiceXml(xml, { facturx: name?.toLowerCase() === 'factur-x.xml' && specificationId(xml) === 'urn:cen.eu:en16931:2017' });
}
