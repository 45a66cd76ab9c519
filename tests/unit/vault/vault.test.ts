import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnauthenticatedError, UnavailableError, VaultLockedError } from '../../../src-main/core/errors.js';
import { DatabaseKeyError, openEncryptedDb } from '../../../src-main/core/db/open.js';
import { readHeader, writeHeader } from '../../../src-main/core/vault/header.js';
import { vaultAccount } from '../../../src-main/core/vault/keychain.js';
import { deriveVmkKeys, randomKey } from '../../../src-main/core/vault/keys.js';
import { resealUnlocker, wrapDataKey } from '../../../src-main/core/vault/unlockers.js';
import { createVault, readVaultFolder } from '../../../src-main/core/vault/vault.js';
import type { UnlockedVault } from '../../../src-main/core/vault/vault.js';
import { FAST_KDF, tempDir } from './helpers.js';
import { MemoryKeychain } from './memory-keychain.js';

const PW = 'a long enough passphrase 1';
const owner = { userId: 'u-owner', userName: 'alice', password: PW };
const open: UnlockedVault[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const v of open.splice(0)) v.lock();
  for (const c of cleanups.splice(0)) c();
});

async function make(passwordOnly = false) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const keychain = new MemoryKeychain();
  const created = await createVault({ dir: t.dir, company: 'ACME Ltd', keychain, passwordOnly, owner, now: new Date('2026-01-02T03:04:05Z'), kdf: FAST_KDF });
  open.push(created.vault);
  return { dir: t.dir, keychain, ...created };
}
async function unlock(dir: string, keychain: MemoryKeychain, name = 'alice', pw = PW) {
  const v = await readVaultFolder(dir).unlockWithPassword(name, pw, keychain);
  open.push(v);
  return v;
}

describe('createVault', () => {
  it('writes a header, a migrated DB, blobs/ and the device secret', async () => {
    const { dir, keychain, vault, recoveryKey } = await make();
    const header = readHeader(dir);
    expect(header.company).toBe('ACME Ltd');
    expect(header.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(header.unlockers.map((u) => u.kind)).toEqual(['password', 'recovery']);
    expect(keychain.entries.has(vaultAccount(header.vaultId))).toBe(true);
    expect(recoveryKey).toMatch(/^([A-Z2-7]{7}-){7}[A-Z2-7]{7}$/);
    expect(vault.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'blobs'").pluck().get()).toBe(1);
    expect(vault.unlockedBy).toMatchObject({ kind: 'password', userId: 'u-owner', userName: 'alice' });
    expect(readVaultFolder(dir).userNames()).toEqual(['alice']);
  });

  it('refuses a folder that is already a vault, or not empty', async () => {
    const { dir } = await make();
    await expect(createVault({ dir, company: 'X', keychain: new MemoryKeychain(), passwordOnly: false, owner, now: new Date(), kdf: FAST_KDF })).rejects.toThrow(ConflictError);
    const t = tempDir();
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, 'notes.txt'), 'x');
    await expect(createVault({ dir: t.dir, company: 'X', keychain: new MemoryKeychain(), passwordOnly: false, owner, now: new Date(), kdf: FAST_KDF })).rejects.toThrow(/not empty/);
  });

  it('leaves nothing behind when the keychain fails', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const broken = new MemoryKeychain();
    broken.setSecret = () => Promise.reject(new UnavailableError('no keychain'));
    await expect(createVault({ dir: t.dir, company: 'X', keychain: broken, passwordOnly: false, owner, now: new Date(), kdf: FAST_KDF })).rejects.toThrow(UnavailableError);
    expect(() => readVaultFolder(t.dir)).toThrow(NotFoundError);
  });
});

describe('unlock', () => {
  it('opens with the right password; the same message for a wrong password and an unknown user', async () => {
    const { dir, keychain, vault } = await make();
    vault.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('probe', 'yes');
    vault.lock();
    const again = await unlock(dir, keychain);
    expect(again.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('probe')).toBe('yes');
    const wrong = readVaultFolder(dir).unlockWithPassword('alice', 'wrong password here', keychain);
    await expect(wrong).rejects.toThrow(UnauthenticatedError);
    await expect(readVaultFolder(dir).unlockWithPassword('alice', 'nope', keychain)).rejects.toThrow('Wrong user name or password.');
    await expect(readVaultFolder(dir).unlockWithPassword('mallory', PW, keychain)).rejects.toThrow('Wrong user name or password.');
  });

  it('without the device secret: a clear message; the recovery key opens; binding restores password unlock', async () => {
    const { dir, keychain, recoveryKey, vault } = await make();
    const id = vault.folder.header.vaultId;
    vault.lock();
    await keychain.deleteSecret(vaultAccount(id));
    const err = await readVaultFolder(dir).unlockWithPassword('alice', PW, keychain).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/missing from the system keychain.*recovery key/);
    const recovered = await readVaultFolder(dir).unlockWithRecoveryKey(recoveryKey.toLowerCase(), keychain);
    open.push(recovered);
    expect(recovered.unlockedBy.kind).toBe('recovery');
    await recovered.bindToThisDevice(keychain, { userId: 'u-owner', userName: 'alice' }, 'new owner passphrase 2');
    recovered.lock();
    await expect(unlock(dir, keychain)).rejects.toThrow(UnauthenticatedError);
    expect((await unlock(dir, keychain, 'alice', 'new owner passphrase 2')).unlockedBy.userId).toBe('u-owner');
  });

  it('a foreign recovery key or a typo is refused clearly', async () => {
    const a = await make();
    const b = await make();
    await expect(readVaultFolder(a.dir).unlockWithRecoveryKey(b.recoveryKey, a.keychain)).rejects.toThrow(/does not belong to this vault/);
    await expect(readVaultFolder(a.dir).unlockWithRecoveryKey(a.recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), a.keychain)).rejects.toThrow(/typo/);
  });

  it('password-only vaults need no keychain entry', async () => {
    const { dir, vault } = await make(true);
    expect(vault.folder.header.passwordOnly).toBe(true);
    vault.lock();
    expect((await unlock(dir, new MemoryKeychain())).locked).toBe(false);
  });

  it('readVaultFolder says clearly when there is no vault', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    expect(() => readVaultFolder(t.dir)).toThrow(/no Sealbook vault/);
  });
});

describe('unlockers', () => {
  it('adds, replaces and removes a user password; names stay unique', async () => {
    const { dir, keychain, vault } = await make();
    await vault.setPasswordUnlocker({ userId: 'u-bob', userName: 'bob' }, 'bob passphrase one');
    await vault.setPasswordUnlocker({ userId: 'u-bob', userName: 'bob' }, 'bob passphrase two');
    await expect(vault.setPasswordUnlocker({ userId: 'u-eve', userName: 'bob' }, 'x')).rejects.toThrow(/already called/);
    expect(readVaultFolder(dir).userNames()).toEqual(['alice', 'bob']);
    await expect(unlock(dir, keychain, 'bob', 'bob passphrase one')).rejects.toThrow(UnauthenticatedError);
    expect((await unlock(dir, keychain, 'bob', 'bob passphrase two')).unlockedBy.userId).toBe('u-bob');
    vault.removeUnlocker('u-bob');
    await expect(unlock(dir, keychain, 'bob', 'bob passphrase two')).rejects.toThrow('Wrong user name or password.');
    expect(() => vault.removeUnlocker('u-bob')).toThrow(NotFoundError);
  });

  it('after a new device secret, other users are told to ask for a reset', async () => {
    const { dir, keychain, vault, recoveryKey } = await make();
    await vault.setPasswordUnlocker({ userId: 'u-bob', userName: 'bob' }, 'bob passphrase one');
    vault.lock();
    const fresh = new MemoryKeychain();
    const r = await readVaultFolder(dir).unlockWithRecoveryKey(recoveryKey, fresh);
    open.push(r);
    await r.bindToThisDevice(fresh, { userId: 'u-owner', userName: 'alice' }, 'new owner passphrase 2');
    await expect(unlock(dir, fresh, 'bob', 'bob passphrase one')).rejects.toThrow(/Ask the vault owner to reset/);
    // The old machine's keychain no longer matches the header either.
    await expect(unlock(dir, keychain)).rejects.toThrow(UnavailableError);
  });

  it('binding on the same device keeps the existing secret, so other users still work', async () => {
    const { dir, keychain, vault, recoveryKey } = await make();
    await vault.setPasswordUnlocker({ userId: 'u-bob', userName: 'bob' }, 'bob passphrase one');
    vault.lock();
    const r = await readVaultFolder(dir).unlockWithRecoveryKey(recoveryKey, keychain);
    open.push(r);
    await r.bindToThisDevice(keychain, { userId: 'u-owner', userName: 'alice' }, 'new owner passphrase 2');
    expect((await unlock(dir, keychain, 'bob', 'bob passphrase one')).locked).toBe(false);
  });

  it('replaceRecoveryKey: the old key stops opening the vault', async () => {
    const { dir, keychain, vault, recoveryKey } = await make();
    const next = vault.replaceRecoveryKey();
    expect(next).not.toBe(recoveryKey);
    await expect(readVaultFolder(dir).unlockWithRecoveryKey(recoveryKey, keychain)).rejects.toThrow(UnauthenticatedError);
    open.push(await readVaultFolder(dir).unlockWithRecoveryKey(next, keychain));
  });
});

describe('rotation and lock', () => {
  it('rotates: the old DB key fails, every unlocker and the data keys still work', async () => {
    const { dir, keychain, vault, recoveryKey } = await make();
    await vault.setPasswordUnlocker({ userId: 'u-bob', userName: 'bob' }, 'bob passphrase one');
    const auditBefore = Buffer.from(vault.keys.audit);
    const blob = vault.blobs.put(Buffer.from('kept across rotation'));
    const before = readHeader(dir);
    const oldVmk = await exposeVmk(vault);
    await vault.rotateMasterKey();
    const after = readHeader(dir);
    expect(after.unlockers.every((u, i) => u.sealedVmk !== before.unlockers[i]?.sealedVmk && u.previousSealedVmk === undefined)).toBe(true);
    vault.lock();
    expect(() => openEncryptedDb(join(dir, 'vault.db'), deriveVmkKeys(oldVmk).db, { mustExist: true })).toThrow(DatabaseKeyError);
    const a = await unlock(dir, keychain);
    expect(a.keys.audit.equals(auditBefore)).toBe(true);
    expect(a.blobs.get(blob.id).toString()).toBe('kept across rotation');
    a.lock();
    expect((await unlock(dir, keychain, 'bob', 'bob passphrase one')).locked).toBe(false);
    open.push(await readVaultFolder(dir).unlockWithRecoveryKey(recoveryKey, keychain));
  });

  it('finishes a rotation cut off between header write and rekey', async () => {
    const { dir, keychain, vault } = await make();
    const oldVmk = await exposeVmk(vault);
    vault.lock();
    // Phase 1 of a rotation written, then a "crash" before PRAGMA rekey.
    const next = randomKey();
    const h = readHeader(dir);
    const dataKey = await exposeDataKey(dir, keychain);
    writeHeader(dir, { ...h, previousWrappedDataKey: h.wrappedDataKey, wrappedDataKey: wrapDataKey(h.vaultId, next, dataKey), unlockers: h.unlockers.map((u) => resealUnlocker(h.vaultId, u, next)) });
    const v = await unlock(dir, keychain);
    expect(v.db.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(0);
    v.lock();
    expect(readHeader(dir).previousWrappedDataKey).toBeUndefined();
    expect(() => openEncryptedDb(join(dir, 'vault.db'), deriveVmkKeys(oldVmk).db, { mustExist: true })).toThrow(DatabaseKeyError);
    const reopened = openEncryptedDb(join(dir, 'vault.db'), deriveVmkKeys(next).db, { mustExist: true });
    expect(reopened.open).toBe(true);
    reopened.close();
  });

  it('lock closes the DB, zeroes keys and is idempotent', async () => {
    const { vault } = await make();
    const audit = vault.keys.audit;
    vault.lock();
    vault.lock();
    expect(audit.every((b) => b === 0)).toBe(true);
    expect(() => vault.db).toThrow(VaultLockedError);
    expect(() => vault.blobs.put(Buffer.from('x'))).toThrow(VaultLockedError);
    await expect(vault.rotateMasterKey()).rejects.toThrow(VaultLockedError);
  });
});

// White-box helpers: read private fields to prove what the old key can and cannot do.
function exposeVmk(vault: UnlockedVault): Promise<Buffer> {
  return Promise.resolve(Buffer.from((vault as unknown as { vmk: Buffer }).vmk));
}
async function exposeDataKey(dir: string, keychain: MemoryKeychain): Promise<Buffer> {
  const v = await unlock(dir, keychain);
  const key = Buffer.from((v as unknown as { dataKey: Buffer }).dataKey);
  v.lock();
  return key;
}
