import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { KdfParams } from './header.js';

/**
 * The vault's key hierarchy (DESIGN §2), from node:crypto primitives only:
 * scrypt, HKDF-SHA256, AES-256-GCM, X25519, randomBytes.
 */

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BOX_VERSION = 1;

/** DESIGN §2: scrypt N=2^17, r=8, p=1 (~128 MiB, a few hundred ms). */
export const DEFAULT_KDF: KdfParams = { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 };

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function hkdf(ikm: Buffer, label: string, salt: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, `sealbook/${label}/v1`, KEY_BYTES));
}

/** Changes with every rotation: keys the DB and wraps the data key. */
export function deriveVmkKeys(vmk: Buffer): { db: Buffer; wrap: Buffer } {
  return { db: hkdf(vmk, 'db'), wrap: hkdf(vmk, 'data-key-wrap') };
}

export interface DataKeys {
  readonly audit: Buffer;
  readonly backup: Buffer;
  readonly blobName: Buffer;
}

/**
 * Stable across rotations, so the audit chain stays verifiable and backup
 * object ids stay the same after a new VMK.
 */
export function deriveDataKeys(dataKey: Buffer): DataKeys {
  return { audit: hkdf(dataKey, 'audit'), backup: hkdf(dataKey, 'backup'), blobName: hkdf(dataKey, 'blob-name') };
}

export function zero(...buffers: (Buffer | null | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0);
}

export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** version | nonce | tag | ciphertext; `aad` binds the box to where it is used. */
export function encrypt(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([BOX_VERSION]), nonce, cipher.getAuthTag(), body]);
}

/** Returns null when the key is wrong or the box was altered (callers decide the message). */
export function decrypt(key: Buffer, box: Buffer, aad: string): Buffer | null {
  if (box.length < 1 + NONCE_BYTES + TAG_BYTES || box[0] !== BOX_VERSION) return null;
  const nonce = box.subarray(1, 1 + NONCE_BYTES);
  const tag = box.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(box.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return null; // GCM authentication failed: wrong key or tampered box.
  }
}

// DER prefixes of X25519 keys (RFC 8410): PKCS#8 private, SPKI public.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function x25519PrivateFromRaw(raw: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

export function x25519PublicFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPrivate(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
}

export function rawPublic(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

export interface RawKeyPair {
  readonly publicKey: Buffer;
  /** 32 raw bytes; zero it when done. */
  readonly privateKey: Buffer;
}

export function generateX25519(): RawKeyPair {
  const pair = generateKeyPairSync('x25519');
  return { publicKey: rawPublic(pair.publicKey), privateKey: rawPrivate(pair.privateKey) };
}

export function x25519PublicOf(privateKey: Buffer): Buffer {
  return rawPublic(createPublicKey(x25519PrivateFromRaw(privateKey)));
}

/**
 * Seals `secret` to a public key: ephemeral X25519 ECDH, HKDF over the shared
 * secret and both public keys, AES-256-GCM. Output: ephemeral public | box.
 */
export function sealTo(recipientPublic: Buffer, secret: Buffer, aad: string): Buffer {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublic(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: x25519PublicFromRaw(recipientPublic) });
  const key = hkdf(shared, 'seal', Buffer.concat([ephemeralPublic, recipientPublic]));
  try {
    return Buffer.concat([ephemeralPublic, encrypt(key, secret, aad)]);
  } finally {
    zero(shared, key);
  }
}

/** Returns null when `privateKey` is not the recipient or the seal was altered. */
export function openSealed(privateKey: Buffer, sealed: Buffer, aad: string): Buffer | null {
  if (sealed.length <= KEY_BYTES) return null;
  const ephemeralPublic = sealed.subarray(0, KEY_BYTES);
  const priv = x25519PrivateFromRaw(privateKey);
  const recipientPublic = rawPublic(createPublicKey(priv));
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: priv, publicKey: x25519PublicFromRaw(ephemeralPublic) });
  } catch {
    return null; // Not a valid X25519 point.
  }
  const key = hkdf(shared, 'seal', Buffer.concat([ephemeralPublic, recipientPublic]));
  try {
    return decrypt(key, sealed.subarray(KEY_BYTES), aad);
  } finally {
    zero(shared, key);
  }
}

export function scryptAsync(password: Buffer, salt: Buffer, params: KdfParams): Promise<Buffer> {
  // maxmem: scrypt needs 128*N*r bytes; leave headroom over Node's 32 MiB default.
  const maxmem = 256 * params.N * params.r;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * KEK = HKDF(scrypt(password, salt) || device secret). Without the device
 * secret (kept in the OS keychain) the password alone opens nothing;
 * password-only vaults pass null.
 */
export async function deriveKek(
  password: string,
  salt: Buffer,
  deviceSecret: Buffer | null,
  params: KdfParams,
): Promise<Buffer> {
  const pw = Buffer.from(password.normalize('NFC'), 'utf8');
  const stretched = await scryptAsync(pw, salt, params);
  const ikm = Buffer.concat([stretched, deviceSecret ?? Buffer.alloc(0)]);
  try {
    return hkdf(ikm, deviceSecret ? 'kek-device' : 'kek-password-only');
  } finally {
    zero(pw, stretched, ikm);
  }
}

/** Public check value of a device secret (HMAC, so it reveals nothing of it). */
export function deviceCheck(deviceSecret: Buffer, vaultId: string): Buffer {
  return createHmac('sha256', deviceSecret).update(`sealbook/device-check/v1/${vaultId}`).digest();
}
