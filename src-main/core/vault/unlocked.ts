import type Database from 'better-sqlite3-multiple-ciphers';
import { VaultLockedError, NotFoundError, ValidationError } from '../errors.js';
import { migrate } from '../db/migrate.js';
import { DatabaseKeyError, openEncryptedDb, rekeyDb } from '../db/open.js';
import { BlobStore } from './blobs.js';
import type { VaultFolder } from './folder.js';
import type { Unlocker, VaultHeader } from './header.js';
import type { Keychain } from './keychain.js';
import { vaultAccount } from './keychain.js';
import type { DataKeys } from './keys.js';
import { constantTimeEqual, deriveDataKeys, deriveVmkKeys, deviceCheck, randomKey, zero } from './keys.js';
import type { UserRef } from './unlockers.js';
import { newRecoveryKey } from './recovery-key.js';
import { deviceSecretFor, makePasswordUnlocker, makeRecoveryUnlocker, resealUnlocker, unb64, unwrapDataKey, wrapDataKey } from './unlockers.js';

export interface UnlockedBy {
  readonly unlockerId: string;
  readonly kind: 'password' | 'recovery';
  readonly userId?: string;
  readonly userName?: string;
}

/** Strips what only an unfinished rotation needs. */
function finishRotation(header: VaultHeader): VaultHeader {
  const { previousWrappedDataKey: _w, ...rest } = header;
  return { ...rest, unlockers: rest.unlockers.map(({ previousSealedVmk: _p, ...u }): Unlocker => u) };
}

/**
 * Opens vault.db with the VMK's DB key. If a rotation was cut off after the
 * header was written but before `PRAGMA rekey`, the previous VMK opens the
 * file and the rekey is finished now.
 */
export function openUnlockedVault(
  folder: VaultFolder,
  vmks: { current: Buffer; previous: Buffer | null },
  keychain: Keychain,
  by: UnlockedBy,
): UnlockedVault {
  const header = folder.header;
  const { db: dbKey, wrap } = deriveVmkKeys(vmks.current);
  zero(wrap);
  let db: Database.Database;
  try {
    db = openEncryptedDb(folder.dbPath, dbKey, { mustExist: true });
  } catch (error) {
    if (!(error instanceof DatabaseKeyError) || !vmks.previous) throw error;
    const old = deriveVmkKeys(vmks.previous);
    try {
      db = openEncryptedDb(folder.dbPath, old.db, { mustExist: true });
      rekeyDb(db, dbKey);
    } finally {
      zero(old.db, old.wrap);
    }
  } finally {
    zero(dbKey, vmks.previous);
  }
  try {
    if (header.previousWrappedDataKey !== undefined || header.unlockers.some((u) => u.previousSealedVmk !== undefined)) {
      folder.updateHeader(finishRotation);
    }
    migrate(db);
    const dataKey = unwrapDataKey(header.vaultId, vmks.current, folder.header.wrappedDataKey);
    const vault = new UnlockedVault(folder, db, vmks.current, dataKey, keychain, by);
    vault.blobs.sweepOrphans();
    return vault;
  } catch (error) {
    db.close();
    zero(vmks.current);
    throw error;
  }
}

/**
 * An open vault. Holds the VMK (to seal new unlockers and rotate) and the
 * data keys until `lock()`, which closes the DB and zeroes them all.
 */
export class UnlockedVault {
  readonly keys: DataKeys;
  readonly blobs: BlobStore;
  private handle: Database.Database | null;

  constructor(
    readonly folder: VaultFolder,
    db: Database.Database,
    private vmk: Buffer,
    private readonly dataKey: Buffer,
    private keychain: Keychain,
    readonly unlockedBy: UnlockedBy,
  ) {
    this.handle = db;
    this.keys = deriveDataKeys(dataKey);
    this.blobs = new BlobStore(folder.dir, () => this.db);
  }

  get locked(): boolean {
    return this.handle === null;
  }

  private assertOpen(): void {
    if (!this.handle) throw new VaultLockedError();
  }

  get db(): Database.Database {
    if (!this.handle) throw new VaultLockedError();
    return this.handle;
  }

  private get vaultId(): string {
    return this.folder.header.vaultId;
  }

  /** Adds or replaces the user's password unlocker (needs this device's keychain entry). */
  async setPasswordUnlocker(user: UserRef, password: string): Promise<void> {
    this.assertOpen();
    const deviceSecret = await deviceSecretFor(this.folder.header, this.keychain);
    try {
      await this.replaceUnlocker(user, password, deviceSecret);
    } finally {
      zero(deviceSecret);
    }
  }

  removeUnlocker(userId: string): void {
    this.assertOpen();
    if (!this.folder.header.unlockers.some((u) => u.kind === 'password' && u.userId === userId)) {
      throw new NotFoundError('This user has no password on this vault.');
    }
    this.folder.updateHeader((h) => ({ ...h, unlockers: h.unlockers.filter((u) => !(u.kind === 'password' && u.userId === userId)) }));
  }

  /**
   * After a recovery: makes this keychain hold the vault's device secret and
   * gives the owner a new password. An entry that already matches is kept;
   * otherwise a new secret is made, and then every other user's password
   * stops working on this vault until the owner resets it (their KEKs were
   * bound to the old secret).
   */
  async bindToThisDevice(keychain: Keychain, owner: UserRef, newPassword: string): Promise<void> {
    this.assertOpen();
    const header = this.folder.header;
    let secret: Buffer | null = null;
    let check: string | undefined;
    if (!header.passwordOnly) {
      const account = vaultAccount(header.vaultId);
      const existing = await keychain.getSecret(account);
      const matches =
        existing !== null &&
        header.deviceCheck !== undefined &&
        constantTimeEqual(deviceCheck(existing, header.vaultId), unb64(header.deviceCheck));
      if (matches) {
        secret = existing;
      } else {
        zero(existing);
        secret = randomKey();
        await keychain.setSecret(account, secret);
      }
      check = deviceCheck(secret, header.vaultId).toString('base64');
    }
    try {
      await this.replaceUnlocker(owner, newPassword, secret, check);
      this.keychain = keychain;
    } finally {
      zero(secret);
    }
  }

  /**
   * New VMK: the header gets the new seals (keeping the old ones until the
   * rekey is done, so a crash in between can finish on next open), the DB is
   * re-keyed, then the old seals are dropped. The data keys stay the same.
   */
  rotateMasterKey(): Promise<void> {
    try {
      this.rotateNow();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private rotateNow(): void {
    const db = this.db;
    const next = randomKey();
    const nextKeys = deriveVmkKeys(next);
    try {
      this.folder.updateHeader((h) => ({
        ...h,
        previousWrappedDataKey: h.wrappedDataKey,
        wrappedDataKey: wrapDataKey(h.vaultId, next, this.dataKey),
        unlockers: h.unlockers.map((u) => resealUnlocker(h.vaultId, u, next)),
      }));
      rekeyDb(db, nextKeys.db);
      this.folder.updateHeader(finishRotation);
    } catch (error) {
      zero(next);
      throw error;
    } finally {
      zero(nextKeys.db, nextKeys.wrap);
    }
    zero(this.vmk);
    this.vmk = next;
  }

  /**
   * A new recovery key replaces the old one, which then no longer opens this
   * vault's header. Follow with `rotateMasterKey()` so a header copied
   * earlier (with the old key's seal) cannot open the current DB either.
   */
  replaceRecoveryKey(): string {
    this.assertOpen();
    const recovery = newRecoveryKey();
    try {
      const unlocker = makeRecoveryUnlocker(this.vaultId, this.vmk, recovery.secret);
      this.folder.updateHeader((h) => ({ ...h, unlockers: [...h.unlockers.filter((u) => u.kind !== 'recovery'), unlocker] }));
      return recovery.text;
    } finally {
      zero(recovery.secret);
    }
  }

  /** Opens a copy of vault.db (a backup test-restore) read-only with the current DB key. */
  openDatabaseCopy(path: string): Database.Database {
    this.assertOpen();
    const keys = deriveVmkKeys(this.vmk);
    zero(keys.wrap);
    try {
      return openEncryptedDb(path, keys.db, { mustExist: true, readonly: true });
    } finally {
      zero(keys.db);
    }
  }

  /** Closes the DB and zeroes every key buffer; safe to call again. */
  lock(): void {
    const db = this.handle;
    this.handle = null;
    if (db?.open) {
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    }
    zero(this.vmk, this.dataKey, this.keys.audit, this.keys.backup, this.keys.blobName);
  }

  private async replaceUnlocker(user: UserRef, password: string, deviceSecret: Buffer | null, deviceCheck?: string): Promise<void> {
    this.assertOpen();
    const unlocker = await makePasswordUnlocker({
      vaultId: this.vaultId,
      vmk: this.vmk,
      user,
      password,
      deviceSecret,
      kdf: this.folder.header.kdf,
    });
    const name = unlocker.userName;
    this.folder.updateHeader((h) => {
      const clash = h.unlockers.find((u) => u.kind === 'password' && u.userName === name && u.userId !== user.userId);
      if (clash) throw new ValidationError(`Another user is already called ${user.userName}.`, { userName: 'Name taken.' });
      return {
        ...h,
        ...(deviceCheck === undefined ? {} : { deviceCheck }),
        unlockers: [...h.unlockers.filter((u) => !(u.kind === 'password' && u.userId === user.userId)), unlocker],
      };
    });
  }
}
