import { createHash, verify, X509Certificate } from 'node:crypto';
import type { Asn1 } from './asn1.js';
import { OID, children, isContext, der, derLength, oidOf, parse, primitive, set } from './asn1.js';
import { issuerAndSerialNumber } from './cms.js';
import { fingerprintOf } from './seal-certificate.js';

export interface SealVerification {
  /** The file carries a PDF signature at all. */
  readonly sealed: boolean;
  /** The signed bytes are unchanged and the signature matches the signer's certificate. */
  readonly intact: boolean;
  /** Subject of the signer's certificate, one line. */
  readonly signer?: string;
  /** Upper-case hex SHA-256 of the signer's certificate. */
  readonly certificateFingerprint?: string;
  readonly certificatePem?: string;
  /** Other certificates carried in the signature (claimed chain; not trusted by itself). */
  readonly chainPem?: readonly string[];
  /** The ByteRange starts at 0 and ends at the end of the file: nothing was appended. */
  readonly coversWholeDocument?: boolean;
  /** Why the seal is missing or not intact, for a person. */
  readonly reason?: string;
}

/** The certificates a vault recognises as its own seals (current and earlier ones). */
export interface VaultTrust {
  readonly sealFingerprints: readonly string[];
  /** The vault's company root: any seal certificate it issued counts. */
  readonly rootCertificatePem?: string;
}

const HASHES: Readonly<Record<string, string>> = { [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512' };

/**
 * Checks the last signature of a PDF ourselves (digest over the ByteRange and
 * the CMS signature over the signed attributes); `pdfsig` is the independent check.
 */
export function verifySealedPdf(bytes: Uint8Array): SealVerification {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const range = lastByteRange(pdf);
  if (range === undefined) return { sealed: false, intact: false, reason: 'The PDF carries no seal.' };
  const [start, length1, start2, length2] = range;
  const coversWholeDocument = start === 0 && start2 > length1 && start2 + length2 === pdf.length;
  if (start !== 0 || start2 <= length1 || start2 + length2 > pdf.length) {
    return { sealed: true, intact: false, coversWholeDocument: false, reason: 'The seal\'s byte range does not fit this file; it was cut or altered.' };
  }
  const hex = pdf.subarray(length1, start2).toString('latin1').trim();
  if (!/^<[0-9A-Fa-f]+>$/.test(hex)) {
    return { sealed: true, intact: false, coversWholeDocument, reason: 'The seal\'s signature value is damaged.' };
  }
  const cms = Buffer.from(hex.slice(1, -1), 'hex');
  const content = Buffer.concat([pdf.subarray(0, length1), pdf.subarray(start2, start2 + length2)]);
  try {
    const checked = checkCms(cms.subarray(0, derLength(cms)), content);
    // An invoice is sealed once and never updated, so bytes after the signed
    // range (an incremental update can change what a reader shows) void it.
    const intact = checked.problem === undefined && coversWholeDocument;
    return {
      sealed: true,
      intact,
      signer: checked.signer.subject.split('\n').join(', '),
      certificateFingerprint: fingerprintOf(checked.signer.raw),
      certificatePem: checked.signer.toString(),
      chainPem: checked.others.map((cert) => cert.toString()),
      coversWholeDocument,
      ...(checked.problem === undefined
        ? coversWholeDocument
          ? {}
          : { reason: 'Content was added after the seal; only the sealed part is authentic.' }
        : { reason: checked.problem }),
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { sealed: true, intact: false, coversWholeDocument, reason: `The seal could not be read: ${detail}` };
  }
}

/**
 * True when the PDF is intact, sealed over the whole file, and the signer is
 * one of the vault's seal certificates or was issued by the vault's root.
 * A root certificate merely carried inside the CMS proves nothing: we check
 * the issuer's signature on the seal certificate.
 */
export function isSealedByVault(result: SealVerification, trust: VaultTrust): boolean {
  if (!result.intact || result.coversWholeDocument !== true || result.certificatePem === undefined) return false;
  const fingerprint = result.certificateFingerprint?.toUpperCase();
  if (fingerprint !== undefined && trust.sealFingerprints.some((known) => known.toUpperCase() === fingerprint)) return true;
  if (trust.rootCertificatePem === undefined) return false;
  const root = new X509Certificate(trust.rootCertificatePem);
  const seal = new X509Certificate(result.certificatePem);
  return seal.checkIssued(root) && seal.verify(root.publicKey);
}

function lastByteRange(pdf: Buffer): [number, number, number, number] | undefined {
  const at = pdf.lastIndexOf('/ByteRange');
  if (at < 0) return undefined;
  const match = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.subarray(at, at + 120).toString('latin1'));
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
}

interface CmsCheck {
  readonly signer: X509Certificate;
  readonly others: X509Certificate[];
  readonly problem?: string;
}

function checkCms(cms: Buffer, content: Buffer): CmsCheck {
  const contentInfo = children(parse(cms, false), 'ContentInfo');
  if (oidOf(contentInfo[0], 'contentType') !== OID.signedData) throw new Error('not a CMS SignedData');
  const signedData = children(children(contentInfo[1], '[0]')[0], 'SignedData');
  const certNodes = signedData.filter((node) => isContext(node, 0)).flatMap((node) => children(node, 'certificates'));
  const certs = certNodes.map((node) => new X509Certificate(der(node)));
  const signerInfo = children(children(signedData.at(-1), 'signerInfos')[0], 'SignerInfo');
  const [, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature] = signerInfo;
  if (!isContext(signedAttrs, 0)) throw new Error('the signature has no signed attributes');
  const signer = findSigner(certs, sid);
  const others = certs.filter((cert) => cert !== signer);
  const hash = HASHES[oidOf(children(digestAlgorithm, 'digestAlgorithm')[0], 'digest OID')];
  if (hash === undefined) return { signer, others, problem: 'The seal uses a hash algorithm Sealbook does not check.' };

  const attributes = children(signedAttrs, 'signedAttrs');
  const digest = attributeValue(attributes, OID.messageDigest);
  if (digest === undefined || !primitive(digest, 'messageDigest').equals(createHash(hash).update(content).digest())) {
    return { signer, others, problem: 'The document was changed after it was sealed (digest mismatch).' };
  }
  const algorithm = oidOf(children(signatureAlgorithm, 'signatureAlgorithm')[0], 'signature OID');
  if (algorithm === '1.2.840.113549.1.1.10') return { signer, others, problem: 'RSA-PSS seals are not checked by Sealbook; use pdfsig.' };
  // RFC 5652 §5.4: the signature is over the attributes re-encoded as a SET.
  const signedBytes = der(set(attributes));
  if (!verify(hash, signedBytes, signer.publicKey, primitive(signature, 'signature'))) {
    return { signer, others, problem: 'The seal signature does not match the signer\'s certificate.' };
  }
  return { signer, others };
}

/** Only IssuerAndSerialNumber signer ids (what PAdES signers write); a [0] subjectKeyIdentifier is not matched. */
function findSigner(certs: X509Certificate[], sid: Asn1 | undefined): X509Certificate {
  if (sid === undefined) throw new Error('the signature names no signer');
  const wanted = der(sid);
  const signer = certs.find((cert) => der(issuerAndSerialNumber(parse(cert.raw))).equals(wanted));
  if (signer === undefined) throw new Error('the signer\'s certificate is not in the signature');
  return signer;
}

function attributeValue(attributes: Asn1[], type: string): Asn1 | undefined {
  const found = attributes.find((attr) => oidOf(children(attr, 'Attribute')[0], 'attribute type') === type);
  return found === undefined ? undefined : children(children(found, 'Attribute')[1], 'values')[0];
}
