import { describe, expect, it } from 'vitest';
import {
  decrypt,
  deriveDataKeys,
  deriveKek,
  deriveVmkKeys,
  encrypt,
  generateX25519,
  openSealed,
  randomKey,
  sealTo,
  x25519PublicOf,
} from '../../../src-main/core/vault/keys.js';
import { formatRecoveryKey, newRecoveryKey, parseRecoveryKey, recoveryKeyPair } from '../../../src-main/core/vault/recovery-key.js';
import { ValidationError } from '../../../src-main/core/errors.js';
import { FAST_KDF } from './helpers.js';

describe('sub-keys', () => {
  it('derives distinct keys per label, stable for the same input', () => {
    const vmk = randomKey();
    const a = deriveVmkKeys(vmk);
    const d = deriveDataKeys(vmk);
    const all = [a.db, a.wrap, d.audit, d.backup, d.blobName].map((k) => k.toString('hex'));
    expect(new Set(all).size).toBe(5);
    expect(deriveDataKeys(vmk).audit.equals(d.audit)).toBe(true);
  });
});

describe('AES-GCM boxes', () => {
  it('round-trips and rejects a wrong key, wrong context or altered box', () => {
    const key = randomKey();
    const box = encrypt(key, Buffer.from('secret'), 'ctx');
    expect(decrypt(key, box, 'ctx')?.toString()).toBe('secret');
    expect(decrypt(randomKey(), box, 'ctx')).toBeNull();
    expect(decrypt(key, box, 'other')).toBeNull();
    const altered = Buffer.from(box);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    expect(decrypt(key, altered, 'ctx')).toBeNull();
  });
});

describe('X25519 sealing', () => {
  it('opens only with the recipient private key and the same context', () => {
    const alice = generateX25519();
    const bob = generateX25519();
    expect(x25519PublicOf(alice.privateKey).equals(alice.publicKey)).toBe(true);
    const vmk = randomKey();
    const sealed = sealTo(alice.publicKey, vmk, 'vmk/1');
    expect(openSealed(alice.privateKey, sealed, 'vmk/1')?.equals(vmk)).toBe(true);
    expect(openSealed(bob.privateKey, sealed, 'vmk/1')).toBeNull();
    expect(openSealed(alice.privateKey, sealed, 'vmk/2')).toBeNull();
    // Each seal uses a fresh ephemeral key.
    expect(sealTo(alice.publicKey, vmk, 'vmk/1').equals(sealed)).toBe(false);
  });
});

describe('KEK', () => {
  it('depends on password, salt and device secret', async () => {
    const salt = randomKey().subarray(0, 16);
    const device = randomKey();
    const base = await deriveKek('correct horse battery', salt, device, FAST_KDF);
    expect((await deriveKek('correct horse battery', salt, device, FAST_KDF)).equals(base)).toBe(true);
    expect((await deriveKek('correct horse batterY', salt, device, FAST_KDF)).equals(base)).toBe(false);
    expect((await deriveKek('correct horse battery', salt, randomKey(), FAST_KDF)).equals(base)).toBe(false);
    expect((await deriveKek('correct horse battery', salt, null, FAST_KDF)).equals(base)).toBe(false);
  });

  it('accepts the real cost (N=2^17) without a memory-limit error', async () => {
    const kek = await deriveKek('pw', Buffer.alloc(16), null, { algorithm: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(kek.length).toBe(32);
  });
});

describe('recovery key', () => {
  it('is 8 groups of 7 base32 characters and parses tolerantly', () => {
    const { secret, text } = newRecoveryKey();
    expect(text).toMatch(/^([A-Z2-7]{7}-){7}[A-Z2-7]{7}$/);
    expect(parseRecoveryKey(text).equals(secret)).toBe(true);
    const sloppy = ` ${text.toLowerCase().replace(/-/g, ' ').replace(/o/g, '0').replace(/i/g, '1')}  `;
    expect(parseRecoveryKey(sloppy).equals(secret)).toBe(true);
    expect(formatRecoveryKey(secret)).toBe(text);
  });

  it('says "typo" when one character is wrong, and rejects the wrong length', () => {
    const { text } = newRecoveryKey();
    const i = 10;
    const typo = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
    expect(() => parseRecoveryKey(typo)).toThrow(/typo/);
    expect(() => parseRecoveryKey(text.slice(0, -1))).toThrow(ValidationError);
  });

  it('derives the same X25519 key pair from the same key', () => {
    const { secret } = newRecoveryKey();
    const a = recoveryKeyPair(secret);
    const b = recoveryKeyPair(Buffer.from(secret));
    expect(a.publicKey.equals(b.publicKey)).toBe(true);
    expect(x25519PublicOf(a.privateKey).equals(a.publicKey)).toBe(true);
    expect(recoveryKeyPair(randomKey()).publicKey.equals(a.publicKey)).toBe(false);
  });
});
