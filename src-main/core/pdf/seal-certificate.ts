import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { Asn1 } from './asn1.js';
import {
  OID,
  bits,
  bool,
  der,
  explicit,
  implicitPrimitive,
  nul,
  octets,
  oid,
  parse,
  primitive,
  printable,
  seq,
  set,
  smallInt,
  time,
  uint,
  utf8,
  children,
} from './asn1.js';

export type SealKeyType = 'RSA' | 'EC';

/** The key and certificates that seal documents (DESIGN §5). Plain data: store it encrypted. */
export interface SealIdentity {
  readonly certificatePem: string;
  /** Issuer certificates, nearest first; the root last. */
  readonly chainPem: readonly string[];
  /** PKCS#8 PEM. Secret: keep it inside the encrypted DB only. */
  readonly privateKeyPem: string;
  /** e.g. "CN=Müller GmbH, O=Müller GmbH, C=DE, organizationIdentifier=VATDE-123456789". */
  readonly subject: string;
  /** Upper-case hex of SHA-256 over the seal certificate's DER. */
  readonly fingerprintSha256: string;
  /** ISO-8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly keyType: SealKeyType;
}

export interface SealCompany {
  readonly legalName: string;
  /** ISO 3166-1 alpha-2, e.g. "DE". */
  readonly country?: string;
  /** e.g. "DE123456789"; becomes organizationIdentifier "VATDE-123456789" (ETSI EN 319 412-1 §5.1.4). */
  readonly vatId?: string;
}

export interface GeneratedSeal {
  readonly identity: SealIdentity;
  /**
   * The company root's private key (PKCS#8 PEM). Needed only to issue a
   * successor seal certificate under the same root; store it encrypted or drop it.
   */
  readonly rootPrivateKeyPem: string;
}

export interface CertificateDescription {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly fingerprintSha256: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly keyType: SealKeyType;
  readonly isCa: boolean;
}

/** Makes a company root CA and a seal certificate it signs, both valid 10 years. */
export function createSealIdentity(company: SealCompany, options: { keyType?: SealKeyType; now?: Date } = {}): GeneratedSeal {
  const keyType = options.keyType ?? 'RSA';
  const notBefore = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 10);
  const subject = subjectName(company, '');
  const rootName = subjectName(company, ' Seal Root CA');
  const root = newKeyPair(keyType);
  const seal = newKeyPair(keyType);
  const rootKeyId = keyIdentifier(root.publicKey);

  const rootDer = buildCertificate({
    subject: rootName,
    issuer: rootName,
    notBefore,
    notAfter,
    publicKey: root.publicKey,
    signer: root.privateKey,
    extensions: [
      extension(OID.basicConstraints, true, seq([bool(true), smallInt(0)])),
      // keyCertSign (bit 5) + cRLSign (bit 6): 0b0000_0110, one unused bit.
      extension(OID.keyUsage, true, bits(Uint8Array.of(0x06), 1)),
      extension(OID.subjectKeyIdentifier, false, octets(rootKeyId)),
    ],
  });
  const sealDer = buildCertificate({
    subject,
    issuer: rootName,
    notBefore,
    notAfter,
    publicKey: seal.publicKey,
    signer: root.privateKey,
    extensions: [
      extension(OID.basicConstraints, true, seq([])),
      // digitalSignature (bit 0) + nonRepudiation (bit 1): 0b1100_0000, six unused bits.
      extension(OID.keyUsage, true, bits(Uint8Array.of(0xc0), 6)),
      extension(OID.subjectKeyIdentifier, false, octets(keyIdentifier(seal.publicKey))),
      extension(OID.authorityKeyIdentifier, false, seq([implicitPrimitive(0, rootKeyId)])),
    ],
  });
  return {
    identity: identityFrom(toPem(sealDer), [toPem(rootDer)], pkcs8Pem(seal.privateKey)),
    rootPrivateKeyPem: pkcs8Pem(root.privateKey),
  };
}

/** Builds the identity record from PEMs, checking that the key belongs to the certificate. */
export function identityFrom(certificatePem: string, chainPem: readonly string[], privateKeyPem: string): SealIdentity {
  const cert = new X509Certificate(certificatePem);
  const description = describeX509(cert);
  if (!cert.checkPrivateKey(privateKeyFromPem(privateKeyPem))) {
    throw new ValidationError('The private key does not belong to the seal certificate. Choose the matching key.');
  }
  return {
    certificatePem: cert.toString(),
    chainPem: chainPem.map((pem) => new X509Certificate(pem).toString()),
    privateKeyPem,
    subject: description.subject,
    fingerprintSha256: description.fingerprintSha256,
    notBefore: description.notBefore,
    notAfter: description.notAfter,
    keyType: description.keyType,
  };
}

/** What the settings screen shows for a certificate. */
export function describeCertificate(pem: string): CertificateDescription {
  return describeX509(new X509Certificate(pem));
}

/** The company root (the last certificate of the chain), for recipients to trust the seal. */
export function exportRootCertificate(identity: SealIdentity, format: 'pem' | 'der' = 'pem'): string | Uint8Array {
  const rootPem = identity.chainPem.at(-1) ?? identity.certificatePem;
  const cert = new X509Certificate(rootPem);
  return format === 'pem' ? cert.toString() : new Uint8Array(cert.raw);
}

export function fingerprintOf(certDer: Uint8Array): string {
  return createHash('sha256').update(certDer).digest('hex').toUpperCase();
}

export function pemToDer(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

function describeX509(cert: X509Certificate): CertificateDescription {
  const keyType = cert.publicKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') {
    throw new ValidationError(`Seal certificates must use an RSA or EC key; this one uses ${keyType ?? 'an unknown key type'}.`);
  }
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    fingerprintSha256: fingerprintOf(cert.raw),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    keyType: keyType === 'rsa' ? 'RSA' : 'EC',
    isCa: cert.ca,
  };
}

// node prints one RDN per line; the settings screen wants one line. Its
// name for 2.5.4.97 is the numeric OID, so give it its X.520 name.
const oneLine = (name: string): string =>
  name
    .split('\n')
    .filter((part) => part.length > 0)
    .map((part) => part.replace(/^2\.5\.4\.97=/, 'organizationIdentifier='))
    .join(', ');

function subjectName(company: SealCompany, cnSuffix: string): Asn1 {
  const legalName = company.legalName.trim();
  if (legalName.length === 0 || legalName.length > 64) {
    throw new ValidationError('Enter the company legal name (1 to 64 characters) before creating the seal.');
  }
  // X.520 ub-common-name is 64 characters: shorten the name, keep the suffix.
  const commonName = legalName.slice(0, 64 - cnSuffix.length).trimEnd() + cnSuffix;
  const rdn = (type: string, value: Asn1): Asn1 => set([seq([oid(type), value])]);
  const parts = [rdn(OID.commonName, utf8(commonName)), rdn(OID.organizationName, utf8(legalName))];
  const country = company.country?.trim().toUpperCase();
  if (country) {
    if (!/^[A-Z]{2}$/.test(country)) throw new ValidationError('Use a two-letter country code such as DE or FR.');
    parts.push(rdn(OID.countryName, printable(country)));
  }
  const vat = company.vatId?.replace(/[\s.-]/g, '').toUpperCase();
  if (vat) {
    const match = /^([A-Z]{2})([A-Z0-9+*]{2,15})$/.exec(vat);
    if (!match) throw new ValidationError('The VAT id should start with its country code, e.g. DE123456789.');
    parts.push(rdn(OID.organizationIdentifier, utf8(`VAT${match[1] ?? ''}-${match[2] ?? ''}`)));
  }
  return seq(parts);
}

function newKeyPair(keyType: SealKeyType): { publicKey: KeyObject; privateKey: KeyObject } {
  return keyType === 'RSA'
    ? generateKeyPairSync('rsa', { modulusLength: 3072 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = children(parse(publicKey.export({ type: 'spki', format: 'der' })), 'SubjectPublicKeyInfo');
  return createHash('sha1').update(primitive(spki[1], 'subjectPublicKey').subarray(1)).digest();
}

function extension(id: string, critical: boolean, value: Asn1): Asn1 {
  return seq([oid(id), ...(critical ? [bool(true)] : []), octets(der(value))]);
}

export function signatureAlgorithm(key: KeyObject): Asn1 {
  return key.asymmetricKeyType === 'rsa' ? seq([oid(OID.sha256WithRsa), nul()]) : seq([oid(OID.ecdsaWithSha256)]);
}

interface CertificateSpec {
  readonly subject: Asn1;
  readonly issuer: Asn1;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  readonly signer: KeyObject;
  readonly extensions: Asn1[];
}

/** RFC 5280 §4.1, built with forge's ASN.1 and signed by node:crypto (forge cannot sign with EC). */
function buildCertificate(spec: CertificateSpec): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x10; // positive, 16 significant bytes
  const algorithm = signatureAlgorithm(spec.signer);
  const tbs = seq([
    explicit(0, smallInt(2)),
    uint(serial),
    algorithm,
    spec.issuer,
    seq([time(spec.notBefore), time(spec.notAfter)]),
    spec.subject,
    parse(spec.publicKey.export({ type: 'spki', format: 'der' })),
    explicit(3, seq(spec.extensions)),
  ]);
  const signature = sign('sha256', der(tbs), spec.signer);
  return der(seq([tbs, signatureAlgorithm(spec.signer), bits(signature)]));
}

function toPem(certDer: Uint8Array): string {
  return new X509Certificate(certDer).toString();
}

function pkcs8Pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function privateKeyFromPem(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    // The parser's message names OpenSSL internals; say what the user can fix.
    throw new ValidationError('The seal private key could not be read; it must be an unencrypted PKCS#8 PEM key.');
  }
}
