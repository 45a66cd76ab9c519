import forge from 'node-forge';

/**
 * Thin DER builders over node-forge's ASN.1 (DESIGN §5: structures are built
 * with forge, hashing and signing happen in node:crypto). forge works on
 * "binary strings"; these helpers keep Buffers at our edges.
 */
const { asn1 } = forge;
export type Asn1 = forge.asn1.Asn1;

const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

export const seq = (items: Asn1[]): Asn1 => asn1.create(U, T.SEQUENCE, true, items);
export const set = (items: Asn1[]): Asn1 => asn1.create(U, T.SET, true, items);
export const oid = (id: string): Asn1 => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
export const nul = (): Asn1 => asn1.create(U, T.NULL, false, '');
export const bool = (value: boolean): Asn1 => asn1.create(U, T.BOOLEAN, false, value ? '\xff' : '\x00');
export const octets = (bytes: Uint8Array): Asn1 => asn1.create(U, T.OCTETSTRING, false, bin(bytes));
export const utf8 = (text: string): Asn1 => asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(text));
export const printable = (text: string): Asn1 => asn1.create(U, T.PRINTABLESTRING, false, text);
/** A BIT STRING: the first content byte counts the unused bits of the last one. */
export const bits = (bytes: Uint8Array, unusedBits = 0): Asn1 =>
  asn1.create(U, T.BITSTRING, false, String.fromCharCode(unusedBits) + bin(bytes));
/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function uint(bytes: Uint8Array): Asn1 {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const body = bytes.subarray(start);
  const sign = (body[0] ?? 0) & 0x80 ? '\x00' : '';
  return asn1.create(U, T.INTEGER, false, sign + bin(body));
}
export const smallInt = (value: number): Asn1 =>
  asn1.create(U, T.INTEGER, false, asn1.integerToDer(value).getBytes());
// forge types the tag number as its UNIVERSAL enum; a context tag [n] is a plain number.
const createTagged = (tag: number, constructed: boolean, value: string | Asn1[]): Asn1 =>
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, constructed, value);
/** `[n] EXPLICIT` wraps one value; `[n] IMPLICIT` retags a constructed SET/SEQUENCE's content. */
export const explicit = (tag: number, inner: Asn1): Asn1 =>
  createTagged(tag, true, [inner]);
export const implicitConstructed = (tag: number, items: Asn1[]): Asn1 =>
  createTagged(tag, true, items);
export const implicitPrimitive = (tag: number, bytes: Uint8Array): Asn1 =>
  createTagged(tag, false, bin(bytes));
/** X.509 Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export const time = (date: Date): Asn1 =>
  date.getUTCFullYear() < 2050
    ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));

/** A context-specific tag such as `[0]`, optionally with the given number. */
export const isContext = (node: Asn1 | undefined, tag?: number): boolean =>
  node?.tagClass === asn1.Class.CONTEXT_SPECIFIC && (tag === undefined || (node.type as number) === tag);

export const der = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
// forge accepts an options object here; its typings only know the boolean form.
const fromDer = asn1.fromDer as unknown as (bytes: string, options: { strict: boolean; decodeBitStrings: boolean }) => Asn1;
/** Parses DER, leaving BIT STRING contents as bytes (keys, signatures). */
export const parse = (bytes: Uint8Array, strict = true): Asn1 => fromDer(bin(bytes), { strict, decodeBitStrings: false });
export const bin = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('binary');

/** DER `SET OF` must be sorted by the encodings of its elements (X.690 §11.6). */
export function derSetOf(items: Asn1[]): Asn1 {
  const sorted = items
    .map((item) => ({ item, bytes: der(item) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ item }) => item);
  return set(sorted);
}

export function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (node === undefined || !Array.isArray(node.value)) throw new Error(`Malformed ASN.1: ${what} is not a constructed value.`);
  return node.value;
}
export function primitive(node: Asn1 | undefined, what: string): Buffer {
  if (node === undefined || typeof node.value !== 'string') throw new Error(`Malformed ASN.1: ${what} is not a primitive value.`);
  return Buffer.from(node.value, 'binary');
}
export const oidOf = (node: Asn1 | undefined, what: string): string => asn1.derToOid(bin(primitive(node, what)));

/** Length in bytes of the DER value starting at `bytes[0]` (tag, length and content). */
export function derLength(bytes: Uint8Array): number {
  if (bytes.length < 2) return 0;
  const first = bytes[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) return 0;
  let length = 0;
  for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[2 + i] ?? 0);
  return 2 + count + length;
}
