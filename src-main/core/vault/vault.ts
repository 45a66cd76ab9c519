import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError } from '../errors.js';
import { migrate } from '../db/migrate.js';
import { openEncryptedDb } from '../db/open.js';
import { BLOBS_DIR } from './blobs.js';
import { DB_FILE, isVaultFolder, VaultFolder } from './folder.js';
import { HEADER_FORMAT, writeHeader } from './header.js';
import type { KdfParams, VaultHeader } from './header.js';
import type { Keychain } from './keychain.js';
import { vaultAccount } from './keychain.js';
import { DEFAULT_KDF, deriveVmkKeys, deviceCheck, randomKey, zero } from './keys.js';
import { newRecoveryKey } from './recovery-key.js';
import { UnlockedVault } from './unlocked.js';
import { makePasswordUnlocker, makeRecoveryUnlocker, wrapDataKey } from './unlockers.js';

/**
 * The vault API (DESIGN §2): create a vault folder, read one, and unlock it
 * with a password or the recovery key. See folder.ts and unlocked.ts.
 */
export { readVaultFolder, isVaultFolder, VaultFolder } from './folder.js';
export { UnlockedVault } from './unlocked.js';
export type { UnlockedBy } from './unlocked.js';
export type { VaultHeader, Unlocker, KdfParams } from './header.js';
export type { Keychain } from './keychain.js';
export { systemKeychain } from './keychain.js';
export type { UserRef } from './unlockers.js';

export interface CreateVaultOptions {
  readonly dir: string;
  readonly company: string;
  readonly keychain: Keychain;
  /** Explicit, warned choice: no device secret, the password alone opens the vault. */
  readonly passwordOnly: boolean;
  readonly owner: { readonly userId: string; readonly userName: string; readonly password: string };
  readonly now: Date;
  /** Tests only; the default is DESIGN §2's scrypt N=2^17, r=8, p=1. */
  readonly kdf?: KdfParams;
}

function checkTarget(dir: string): void {
  if (isVaultFolder(dir)) {
    throw new ConflictError(`There is already a vault in ${dir}. Open it instead, or choose an empty folder.`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (readdirSync(dir).length > 0) {
    throw new ConflictError(`The folder ${dir} is not empty. Choose an empty folder, or a new one, for the vault.`);
  }
}

/**
 * Creates vault.db (migrated), blobs/, the device secret in the keychain
 * (unless password-only), the owner's and the recovery unlockers, and last
 * vault.json, which makes the folder a vault. On failure nothing is left.
 */
export async function createVault(opts: CreateVaultOptions): Promise<{ vault: UnlockedVault; recoveryKey: string }> {
  checkTarget(opts.dir);
  const vaultId = randomUUID();
  const kdf = opts.kdf ?? DEFAULT_KDF;
  const vmk = randomKey();
  const dataKey = randomKey();
  const recovery = newRecoveryKey();
  const deviceSecret = opts.passwordOnly ? null : randomKey();
  let keychainWritten = false;
  try {
    if (deviceSecret) {
      await opts.keychain.setSecret(vaultAccount(vaultId), deviceSecret);
      keychainWritten = true;
    }
    const owner = await makePasswordUnlocker({
      vaultId,
      vmk,
      user: { userId: opts.owner.userId, userName: opts.owner.userName },
      password: opts.owner.password,
      deviceSecret,
      kdf,
    });
    const header: VaultHeader = {
      format: HEADER_FORMAT,
      vaultId,
      company: opts.company,
      createdAt: opts.now.toISOString(),
      kdf,
      passwordOnly: opts.passwordOnly,
      ...(deviceSecret ? { deviceCheck: deviceCheck(deviceSecret, vaultId).toString('base64') } : {}),
      wrappedDataKey: wrapDataKey(vaultId, vmk, dataKey),
      unlockers: [owner, makeRecoveryUnlocker(vaultId, vmk, recovery.secret)],
      lockout: {},
    };
    const keys = deriveVmkKeys(vmk);
    zero(keys.wrap);
    const db = openEncryptedDb(join(opts.dir, DB_FILE), keys.db);
    zero(keys.db);
    try {
      migrate(db);
      mkdirSync(join(opts.dir, BLOBS_DIR), { mode: 0o700 });
      writeHeader(opts.dir, header);
    } catch (error) {
      db.close();
      throw error;
    }
    const folder = new VaultFolder(opts.dir, header);
    const by = { unlockerId: owner.id, kind: 'password' as const, userId: opts.owner.userId, userName: opts.owner.userName };
    return { vault: new UnlockedVault(folder, db, vmk, dataKey, opts.keychain, by), recoveryKey: recovery.text };
  } catch (error) {
    zero(vmk, dataKey);
    for (const entry of readdirSync(opts.dir)) rmSync(join(opts.dir, entry), { recursive: true, force: true });
    if (keychainWritten) await opts.keychain.deleteSecret(vaultAccount(vaultId)).catch(() => undefined);
    throw error;
  } finally {
    zero(recovery.secret, deviceSecret);
  }
}
