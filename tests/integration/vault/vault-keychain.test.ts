import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseKeyError, openEncryptedDb } from '../../../src-main/core/db/open.js';
import { UnauthenticatedError, UnavailableError } from '../../../src-main/core/errors.js';
import { systemKeychain, vaultAccount } from '../../../src-main/core/vault/keychain.js';
import { deriveVmkKeys } from '../../../src-main/core/vault/keys.js';
import { createVault, readVaultFolder } from '../../../src-main/core/vault/vault.js';
import type { UnlockedVault } from '../../../src-main/core/vault/vault.js';
import { tempDir } from '../../unit/vault/helpers.js';

/**
 * Runs against the real Secret Service (gnome-keyring under dbus-run-session)
 * and the real KDF cost. See the brief's command line in the report.
 */
const keychain = systemKeychain();
const PW = 'correct horse battery staple 7';
const owner = { userId: 'u-owner', userName: 'owner', password: PW };
const vaults: UnlockedVault[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const v of vaults.splice(0)) v.lock();
  for (const c of cleanups.splice(0)) await c();
});

async function make() {
  const t = tempDir('sealbook-it-');
  const created = await createVault({ dir: t.dir, company: 'Integration GmbH', keychain, passwordOnly: false, owner, now: new Date() });
  const id = created.vault.folder.header.vaultId;
  cleanups.push(t.cleanup, () => keychain.deleteSecret(vaultAccount(id)));
  vaults.push(created.vault);
  return { dir: t.dir, id, ...created };
}

async function unlock(dir: string, name = 'owner', pw = PW): Promise<UnlockedVault> {
  const v = await readVaultFolder(dir).unlockWithPassword(name, pw, keychain);
  vaults.push(v);
  return v;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

function leaks(dir: string, marker: string): string[] {
  const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
  return allFiles(dir).filter((f) => needles.some((n) => readFileSync(f).includes(n)));
}

describe('vault with the system keychain', () => {
  it('stores the device secret in the keychain, not in the folder', async () => {
    const { dir, id } = await make();
    const secret = await keychain.getSecret(vaultAccount(id));
    expect(secret?.length).toBe(32);
    expect(leaks(dir, secret?.toString('base64') ?? 'x')).toEqual([]);
    expect(allFiles(dir).filter((f) => readFileSync(f).includes(secret ?? Buffer.alloc(32)))).toEqual([]);
  });

  it('no file in the folder (DB, WAL, -shm, header, blobs) holds a marker written to a record and a blob', async () => {
    const { dir, vault } = await make();
    const marker = `SEALBOOK-MARKER-${randomBytes(8).toString('hex')}`;
    vault.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('marker', marker.repeat(20));
    vault.blobs.put(Buffer.from(`${marker} in a document `.repeat(5000)), { note: marker });
    const names = allFiles(dir).map((f) => f.slice(dir.length + 1));
    expect(names).toEqual(expect.arrayContaining(['vault.db', 'vault.db-wal', 'vault.db-shm', 'vault.json']));
    expect(names.some((n) => n.startsWith('blobs/'))).toBe(true);
    expect(leaks(dir, marker)).toEqual([]);
    vault.lock();
    expect(leaks(dir, marker)).toEqual([]);
    // And the record is really there: the check above could have passed on an empty DB.
    const again = await unlock(dir);
    expect(again.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('marker')).toContain(marker);
  });

  it('vault.db does not open without the key', async () => {
    const { dir, vault } = await make();
    vault.lock();
    const plain = new Database(join(dir, 'vault.db'), { fileMustExist: true });
    expect(() => plain.prepare('SELECT name FROM sqlite_master').all()).toThrow(/not a database/);
    plain.close();
    const noKey = new Database(join(dir, 'vault.db'), { fileMustExist: true });
    noKey.pragma(`cipher='sqlcipher'`);
    noKey.pragma('legacy=4');
    expect(() => noKey.prepare('SELECT name FROM sqlite_master').all()).toThrow(/not a database/);
    noKey.close();
  });

  it('refuses a wrong password', async () => {
    const { dir } = await make();
    await expect(readVaultFolder(dir).unlockWithPassword('owner', 'not the password at all', keychain)).rejects.toThrow(
      'Wrong user name or password.',
    );
  });

  it('keychain entry deleted: the password alone fails clearly, the recovery key opens, binding restores the password', async () => {
    const { dir, id, vault, recoveryKey } = await make();
    vault.lock();
    await keychain.deleteSecret(vaultAccount(id));
    expect(await keychain.getSecret(vaultAccount(id))).toBeNull();
    const err = await readVaultFolder(dir).unlockWithPassword('owner', PW, keychain).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/device's key .* missing .* recovery key/);

    const recovered = await readVaultFolder(dir).unlockWithRecoveryKey(recoveryKey, keychain);
    vaults.push(recovered);
    await recovered.bindToThisDevice(keychain, { userId: 'u-owner', userName: 'owner' }, 'brand new owner passphrase 9');
    recovered.lock();
    expect(await keychain.getSecret(vaultAccount(id))).not.toBeNull();
    await expect(readVaultFolder(dir).unlockWithPassword('owner', PW, keychain)).rejects.toThrow(UnauthenticatedError);
    expect((await unlock(dir, 'owner', 'brand new owner passphrase 9')).unlockedBy.userId).toBe('u-owner');
  });

  it('rotation: the old VMK-derived DB key no longer opens, every unlocker still works', async () => {
    const { dir, vault, recoveryKey } = await make();
    await vault.setPasswordUnlocker({ userId: 'u-acc', userName: 'accountant' }, 'accountant passphrase 3');
    const oldVmk = Buffer.from((vault as unknown as { vmk: Buffer }).vmk);
    const oldDbKey = deriveVmkKeys(oldVmk).db;
    vault.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('before', 'rotation');
    await vault.rotateMasterKey();
    vault.lock();
    expect(() => openEncryptedDb(join(dir, 'vault.db'), oldDbKey, { mustExist: true })).toThrow(DatabaseKeyError);
    const o = await unlock(dir);
    expect(o.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('before')).toBe('rotation');
    o.lock();
    (await unlock(dir, 'accountant', 'accountant passphrase 3')).lock();
    const r = await readVaultFolder(dir).unlockWithRecoveryKey(recoveryKey, keychain);
    vaults.push(r);
    expect(r.unlockedBy.kind).toBe('recovery');
  });
});
