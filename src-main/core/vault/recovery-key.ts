import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { constantTimeEqual, hkdf, KEY_BYTES, x25519PublicOf, zero } from './keys.js';

/**
 * Recovery key (DESIGN §2): 32 random bytes plus a 3-byte checksum, shown as
 * 56 base32 characters in 8 groups of 7. The checksum catches a typo before
 * any decryption is tried, so the message can say "typo" rather than "wrong".
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const CHECK_BYTES = 3;
const GROUP = 7;

function checksum(secret: Buffer): Buffer {
  return createHash('sha256').update('sealbook/recovery-check/v1').update(secret).digest().subarray(0, CHECK_BYTES);
}

function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET.charAt((value << (5 - bits)) & 31);
  return out;
}

function fromBase32(text: string): Buffer {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = ((value << 5) | ALPHABET.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function formatRecoveryKey(secret: Buffer): string {
  const text = toBase32(Buffer.concat([secret, checksum(secret)]));
  return text.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? text;
}

export function newRecoveryKey(): { secret: Buffer; text: string } {
  const secret = randomBytes(KEY_BYTES);
  return { secret, text: formatRecoveryKey(secret) };
}

/** Tolerant: any case, spaces, dashes, and the look-alikes 0/O, 1/I, 8/B. */
export function parseRecoveryKey(input: string): Buffer {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
  const expected = Math.ceil(((KEY_BYTES + CHECK_BYTES) * 8) / 5);
  if (cleaned.length !== expected || !/^[A-Z2-7]+$/.test(cleaned)) {
    throw new ValidationError(
      `A recovery key has ${expected} letters and digits (8 groups of 7). Check it against your Recovery Kit.`,
      { recoveryKey: 'Not a recovery key.' },
    );
  }
  const bytes = fromBase32(cleaned);
  const secret = bytes.subarray(0, KEY_BYTES);
  if (!constantTimeEqual(bytes.subarray(KEY_BYTES, KEY_BYTES + CHECK_BYTES), checksum(secret))) {
    zero(bytes);
    throw new ValidationError('The recovery key has a typo. Check each group against your Recovery Kit.', {
      recoveryKey: 'Typo in the recovery key.',
    });
  }
  const copy = Buffer.from(secret);
  zero(bytes);
  return copy;
}

/** The recovery unlocker's X25519 key pair, derived so that the key alone restores. */
export function recoveryKeyPair(secret: Buffer): { publicKey: Buffer; privateKey: Buffer } {
  const privateKey = hkdf(secret, 'recovery-x25519');
  return { publicKey: x25519PublicOf(privateKey), privateKey };
}
