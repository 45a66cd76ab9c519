import { X509Certificate } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { findByteRange, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import { ValidationError } from '../errors.js';
import { CadesBuilder } from './cms.js';
import { privateKeyFromPem } from './seal-certificate.js';
import type { SealIdentity } from './seal-certificate.js';

export interface SealInfo {
  /** Shown by PDF readers, e.g. "Invoice 2026-0042 issued". */
  readonly reason: string;
  /** The sealing organisation, e.g. the company's legal name. */
  readonly name: string;
  readonly location?: string;
  readonly contactInfo?: string;
}

/**
 * Our PAdES-B-B signer (DESIGN §5). Unlike `@signpdf/signer-p12` it writes
 * a CAdES signature (signing-certificate-v2, no signingTime), supports EC
 * keys, and signs any number of documents with one instance.
 */
export class SealSigner {
  private readonly cades: CadesBuilder;

  constructor(readonly identity: SealIdentity) {
    const cert = new X509Certificate(identity.certificatePem);
    const key = privateKeyFromPem(identity.privateKeyPem);
    if (!cert.checkPrivateKey(key)) {
      throw new ValidationError('The seal private key does not match its certificate. Create or import the seal again.');
    }
    this.cades = new CadesBuilder(
      cert,
      identity.chainPem.map((pem) => new X509Certificate(pem)),
      key,
    );
  }

  /** Hex digits the /Contents placeholder must hold. */
  placeholderLength(): number {
    return this.cades.maxSize() * 2;
  }

  /**
   * Seals a laid-out document: adds the signature field, saves once and signs.
   * The result must never be re-saved by pdf-lib (that would break the seal).
   */
  async seal(pdf: PDFDocument | Uint8Array, info: SealInfo, signingTime?: Date): Promise<Uint8Array> {
    const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf);
    if (doc.getPageCount() === 0) throw new ValidationError('A document without pages cannot be sealed.');
    pdflibAddPlaceholder({
      pdfDoc: doc,
      reason: info.reason,
      name: info.name,
      location: info.location ?? '',
      contactInfo: info.contactInfo ?? '',
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      // Counted in hex digits of /Contents.
      signatureLength: this.placeholderLength(),
      appName: 'Sealbook',
      ...(signingTime === undefined ? {} : { signingTime }),
    });
    const saved = await doc.save({ useObjectStreams: false });
    return this.signInPlace(saved);
  }

  /**
   * Fills the /ByteRange and /Contents placeholders of the saved file where
   * they are, as @signpdf's SignPdf would, but without its four whole-file
   * copies (a sealed receipt photo is most of a megabyte, sealed many at a
   * time): the bytes pdf-lib saved become the sealed file.
   */
  private signInPlace(saved: Uint8Array): Uint8Array {
    const pdf = withoutTrailingNewLine(Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength));
    const { byteRangePlaceholder, byteRangePlaceholderPosition } = findByteRange(pdf);
    if (byteRangePlaceholder === undefined || byteRangePlaceholderPosition === undefined) {
      throw new ValidationError('The document has no signature placeholder to seal; this is a bug in Sealbook.');
    }
    const contentsAt = pdf.indexOf('/Contents ', byteRangePlaceholderPosition + byteRangePlaceholder.length);
    const start = pdf.indexOf('<', contentsAt);
    const end = pdf.indexOf('>', start) + 1;
    const range = `/ByteRange [0 ${start} ${end} ${pdf.length - end}]`;
    if (contentsAt < 0 || start < 0 || end <= start || range.length > byteRangePlaceholder.length) {
      throw new ValidationError('The signature placeholder of the document is malformed; this is a bug in Sealbook.');
    }
    pdf.write(range.padEnd(byteRangePlaceholder.length, ' '), byteRangePlaceholderPosition, 'latin1');
    // The signing time lives in the PDF's /M, not the CMS.
    const signature = this.cades.sign([pdf.subarray(0, start), pdf.subarray(end)]).toString('hex');
    const room = end - start - 2;
    if (signature.length > room) throw new ValidationError(`The seal signature (${signature.length} hex digits) exceeds its placeholder (${room}).`);
    pdf.write(signature.padEnd(room, '0'), start + 1, 'latin1');
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }
}

/** The ByteRange must end at the last byte, as in @signpdf's removeTrailingNewLine. */
function withoutTrailingNewLine(pdf: Buffer): Buffer {
  let end = pdf.length;
  if (pdf[end - 1] === 0x0a) end -= 1;
  if (pdf[end - 1] === 0x0d) end -= 1;
  const trimmed = pdf.subarray(0, end);
  const lastLine = trimmed.subarray(trimmed.length - 6).toString('latin1');
  if (lastLine !== '\n%%EOF' && lastLine !== '\r%%EOF') throw new ValidationError('The saved document does not end with an EOF line; it cannot be sealed.');
  return trimmed;
}

// Parsing keys and certificates costs more than a signature: keep the
// signers of the few identities in use (normally one per vault).
const signers = new Map<string, SealSigner>();
const MAX_CACHED_SIGNERS = 4;

/** The cached signer for an identity (same certificate and key). */
export function signerFor(identity: SealIdentity): SealSigner {
  const cacheKey = identity.fingerprintSha256;
  const cached = signers.get(cacheKey);
  if (cached?.identity.privateKeyPem === identity.privateKeyPem && cached.identity.certificatePem === identity.certificatePem) {
    return cached;
  }
  const signer = new SealSigner(identity);
  signers.delete(cacheKey);
  if (signers.size >= MAX_CACHED_SIGNERS) {
    const oldest = signers.keys().next().value;
    if (oldest !== undefined) signers.delete(oldest);
  }
  signers.set(cacheKey, signer);
  return signer;
}

/** Seals a document once, as PAdES-B-B with SubFilter ETSI.CAdES.detached. */
export function sealPdf(pdf: PDFDocument | Uint8Array, identity: SealIdentity, info: SealInfo): Promise<Uint8Array> {
  return signerFor(identity).seal(pdf, info);
}
