import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyObjectName, normalizePrefix, objectId, openBackupKey, openObject, repositoryKeys, sealBackupKey, sealObject } from '../../../src-main/core/backups/format.js';
import { checkEndpoint } from '../../../src-main/core/backups/store.js';
import { newRecoveryKey, recoveryKeyPair } from '../../../src-main/core/vault/recovery-key.js';

describe('backup repository format', () => {
  const keys = repositoryKeys(randomBytes(32));

  it('names an object by the HMAC of its plaintext and seals it with the id as associated data', () => {
    const plain = randomBytes(1000);
    const id = objectId(keys, plain);
    expect(id).toMatch(/^[a-f0-9]{64}$/);
    expect(objectId(keys, Buffer.from(plain))).toBe(id);
    expect(objectId(repositoryKeys(randomBytes(32)), plain)).not.toBe(id);
    const body = sealObject(keys, id, plain);
    expect(body.includes(plain.subarray(0, 32))).toBe(false);
    expect(openObject(keys, id, body)?.equals(plain)).toBe(true);
    // Stored under another id, or one byte changed: refused.
    expect(openObject(keys, objectId(keys, randomBytes(10)), body)).toBeNull();
    const flipped = Buffer.from(body);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(openObject(keys, id, flipped)).toBeNull();
  });

  it('seals the backup key to the recovery key, and only that key opens it', () => {
    const vaultId = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    const recovery = recoveryKeyPair(newRecoveryKey().secret);
    const other = recoveryKeyPair(newRecoveryKey().secret);
    const backupKey = randomBytes(32);
    const sealed = sealBackupKey(vaultId, recovery.publicKey, backupKey);
    expect(openBackupKey(vaultId, recovery.privateKey, sealed)?.equals(backupKey)).toBe(true);
    expect(openBackupKey(vaultId, other.privateKey, sealed)).toBeNull();
    expect(openBackupKey('2b4e28ba-2fa1-41d2-883f-0016d3cca427', recovery.privateKey, sealed)).toBeNull();
    expect(keyObjectName(recovery.publicKey)).not.toBe(keyObjectName(other.publicKey));
  });

  it('normalizes prefixes and refuses plain HTTP except to loopback with the flag', () => {
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('/a/b/')).toBe('a/b/');
    expect(checkEndpoint('https://s3.example.com', false).host).toBe('s3.example.com');
    expect(checkEndpoint('http://127.0.0.1:9000', true).port).toBe('9000');
    expect(() => checkEndpoint('http://127.0.0.1:9000', false)).toThrow(/allow insecure localhost/);
    expect(() => checkEndpoint('http://10.0.0.5:9000', true)).toThrow(/HTTPS only/);
    expect(() => checkEndpoint('ftp://x', true)).toThrow(/HTTPS only/);
  });
});
