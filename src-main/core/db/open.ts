import Database from 'better-sqlite3-multiple-ciphers';
import { UnauthenticatedError } from '../errors.js';

/** The DB key did not open the file: wrong key, or not a Sealbook database. */
export class DatabaseKeyError extends UnauthenticatedError {}

function keyPragma(name: 'key' | 'rekey', key: Buffer): string {
  if (key.length !== 32) throw new RangeError('A database key is exactly 32 bytes.');
  // PRAGMA takes no bound parameters; the value is our own hex, never input.
  return `${name}="x'${key.toString('hex')}'"`;
}

export interface OpenOptions {
  /** Refuse to create a missing file (opening an existing vault). */
  readonly mustExist?: boolean;
  readonly readonly?: boolean;
}

/**
 * Opens an SQLCipher database (DESIGN §2): SQLCipher 4 format (AES-256 +
 * HMAC-SHA512 per page) with a raw 256-bit key, so no PBKDF2 runs here: the
 * deliberate KDF cost is paid once, in the unlocker.
 */
export function openEncryptedDb(path: string, key: Buffer, options: OpenOptions = {}): Database.Database {
  const db = new Database(path, { fileMustExist: options.mustExist ?? false, readonly: options.readonly ?? false });
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(keyPragma('key', key));
    // The key is only checked when a page is read: read one now to fail early and clearly.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (error instanceof Database.SqliteError && error.code === 'SQLITE_NOTADB') {
      throw new DatabaseKeyError(
        'The vault database does not open with this key. The vault header and database do not belong together; restore the vault from a backup.',
      );
    }
    throw error;
  }
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * Re-encrypts every page under a new key. SQLite3MultipleCiphers cannot rekey
 * in WAL mode, so the WAL is folded in first and WAL is restored afterwards.
 */
export function rekeyDb(db: Database.Database, newKey: Buffer): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  try {
    db.pragma(keyPragma('rekey', newKey));
  } finally {
    db.pragma('journal_mode = WAL');
  }
}
