import type Database from 'better-sqlite3-multiple-ciphers';
import type { AuditEntry } from '../app.js';
import { VaultLockedError } from '../errors.js';
import type { VaultSession } from '../people/unlock.js';
import type { VaultHeader } from '../vault/header.js';
import type { Keychain } from '../vault/keychain.js';
import type { Timeouts } from './store.js';
import { DEFAULT_TIMEOUTS } from './store.js';

/** What the backup services need of an unlocked vault and its session. */
export interface BackupContext {
  readonly db: Database.Database;
  readonly vaultDir: string;
  header(): VaultHeader;
  /** The vault's backup key (keys.ts, stable across rotations). Zeroed at lock: check `isOpen()`. */
  readonly backupKey: Buffer;
  readonly auditKey: Buffer;
  readonly keychain: Keychain;
  readonly now: () => Date;
  readonly timeouts: Timeouts;
  isOpen(): boolean;
  transaction<T>(fn: () => T): T;
  audit(entry: AuditEntry): void;
  /** Opens a restored copy of vault.db (test-restore) read-only with the vault's current DB key. */
  openDatabaseCopy(path: string): Database.Database;
}

export function backupContextFor(session: VaultSession, keychain: Keychain, now: () => Date, timeouts: Timeouts = DEFAULT_TIMEOUTS): BackupContext {
  const vault = session.vault;
  return {
    db: vault.db,
    vaultDir: vault.folder.dir,
    header: () => vault.folder.header,
    backupKey: vault.keys.backup,
    auditKey: vault.keys.audit,
    keychain,
    now,
    timeouts,
    isOpen: () => !session.isEnded && !vault.locked,
    transaction: (fn) => session.transaction(fn),
    audit: (entry) => {
      session.audit(entry);
    },
    openDatabaseCopy: (path) => vault.openDatabaseCopy(path),
  };
}

/** Backups run only on an unlocked vault: long work checks this between steps. */
export function assertOpen(ctx: BackupContext): void {
  if (!ctx.isOpen()) throw new VaultLockedError('The vault was locked, so the backup stopped. Unlock it and back up again.');
}
