import { X509Certificate } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
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
export class SealSigner extends Signer {
  private readonly cades: CadesBuilder;

  constructor(readonly identity: SealIdentity) {
    super();
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

  /** Called by @signpdf with the ByteRange content; the signing time lives in the PDF's /M, not the CMS. */
  override sign(content: Buffer): Promise<Buffer> {
    return Promise.resolve(this.cades.sign(content));
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
    const unsigned = await doc.save({ useObjectStreams: false });
    const sealed = await new SignPdf().sign(Buffer.from(unsigned.buffer, unsigned.byteOffset, unsigned.byteLength), this);
    return new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  }
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
