import { ValidationError } from '../errors.js';

/** Larger than any real invoice XML (the biggest official example is ~60 KB). */
export const MAX_XML_BYTES = 10 * 1024 * 1024;

/** Refused before any parser sees it: not well-formed, a DTD, an entity, or too large. */
export class UnsafeXmlError extends ValidationError {}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Decodes an e-invoice XML and refuses what EN 16931 never needs: a DOCTYPE
 * (which is how external entities and "billion laughs" bombs arrive) or any
 * entity declaration. Neither xmllint nor SaxonJS is asked to be careful:
 * they never see such a file. Only UTF-8 is accepted (EN 16931 CII and UBL
 * use it; UTF-16 invoices do not occur in practice).
 */
export function decodeSafeXml(bytes: Uint8Array, fileName: string): string {
  if (bytes.length > MAX_XML_BYTES) {
    throw new UnsafeXmlError(`${fileName} is larger than ${MAX_XML_BYTES / 1024 / 1024} MB; no e-invoice XML is this large. Check the file.`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const body = buffer.subarray(0, 3).equals(BOM) ? buffer.subarray(3) : buffer;
  if (body[0] === 0xfe || body[0] === 0xff || body[1] === 0x00) {
    throw new UnsafeXmlError(`${fileName} is UTF-16; save it as UTF-8 and import it again.`);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new UnsafeXmlError(
      `${fileName} declares a DOCTYPE or entities (a way to smuggle in external files or an "XML bomb"); e-invoices never need one, so it was refused. Ask the sender for a plain EN 16931 file.`,
    );
  }
  return text;
}
