import { createHash, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Asn1 } from './asn1.js';
import { OID, children, isContext, der, derSetOf, explicit, implicitConstructed, nul, octets, oid, parse, seq, set, smallInt } from './asn1.js';

/**
 * CAdES-B-B detached SignedData (ETSI EN 319 122-1 §5.1 / RFC 5652) for one
 * signer. Everything that does not depend on the document (certificates,
 * signer id, ESSCertIDv2) is encoded once, so one instance seals many files.
 */
export class CadesBuilder {
  private readonly certificates: Asn1[];
  private readonly signerId: Asn1;
  private readonly signingCertificateV2: Asn1;
  private readonly signatureAlgorithm: Asn1;

  constructor(
    signerCertificate: X509Certificate,
    chain: readonly X509Certificate[],
    private readonly key: KeyObject,
  ) {
    const certNode = parse(signerCertificate.raw);
    this.signerId = issuerAndSerialNumber(certNode);
    this.certificates = [certNode, ...chain.map((cert) => parse(cert.raw))];
    // RFC 5035: ESSCertIDv2 with the default hash (SHA-256) omitted; no issuerSerial,
    // as ETSI EN 319 122-1 §5.2.2.3 advises.
    const certHash = createHash('sha256').update(signerCertificate.raw).digest();
    this.signingCertificateV2 = attribute(OID.signingCertificateV2, seq([seq([seq([octets(certHash)])])]));
    this.signatureAlgorithm =
      key.asymmetricKeyType === 'rsa' ? seq([oid(OID.rsaEncryption), nul()]) : seq([oid(OID.ecdsaWithSha256)]);
  }

  /** DER ContentInfo over `content` (the PDF's ByteRange bytes, whole or in parts), without signingTime. */
  sign(content: Uint8Array | readonly Uint8Array[]): Buffer {
    const hash = createHash('sha256');
    for (const part of content instanceof Uint8Array ? [content] : content) hash.update(part);
    const digest = hash.digest();
    const signedAttributes = derSetOf([
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.messageDigest, octets(digest)),
      this.signingCertificateV2,
    ]);
    // RFC 5652 §5.4: the signature covers the attributes encoded as a SET (tag 0x31).
    const signature = sign('sha256', der(signedAttributes), this.key);
    const attrs = children(signedAttributes, 'signedAttrs');
    const signerInfo = seq([
      smallInt(1),
      this.signerId,
      seq([oid(OID.sha256)]),
      implicitConstructed(0, attrs),
      this.signatureAlgorithm,
      octets(signature),
    ]);
    const signedData = seq([
      smallInt(1),
      set([seq([oid(OID.sha256)])]),
      seq([oid(OID.data)]),
      implicitConstructed(0, this.certificates),
      set([signerInfo]),
    ]);
    return der(seq([oid(OID.signedData), explicit(0, signedData)]));
  }

  /** Upper bound of the DER size, so the PDF placeholder always fits. */
  maxSize(): number {
    const certs = this.certificates.reduce((sum, cert) => sum + der(cert).length, 0);
    return certs + der(this.signerId).length + 1024;
  }
}

/** RFC 5652 IssuerAndSerialNumber, taken from the certificate's own encoding. */
export function issuerAndSerialNumber(certificate: Asn1): Asn1 {
  const tbs = children(children(certificate, 'Certificate')[0], 'TBSCertificate');
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, ...
  const offset = isContext(tbs[0], 0) ? 1 : 0;
  const serial = tbs[offset];
  const issuer = tbs[offset + 2];
  if (serial === undefined || issuer === undefined) throw new Error('The certificate has no issuer or serial number.');
  return seq([issuer, serial]);
}

function attribute(type: string, value: Asn1): Asn1 {
  return seq([oid(type), set([value])]);
}
