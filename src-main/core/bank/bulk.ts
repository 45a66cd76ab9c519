import Database from 'better-sqlite3-multiple-ciphers';

/** 64 MB: the pages a 100,000-line import writes (about 48 MB) stay in memory until the commit. */
const BULK_CACHE_KIB = 65_536;

/**
 * Runs a large write with a large page cache and a rollback journal.
 *
 * The cache: the dedup index takes random keys; with SQLite's 2 MB default
 * cache a large import spills pages and reads them back, and in a vault every
 * such page is encrypted or decrypted and authenticated once more.
 *
 * The journal: in WAL mode every new page is encrypted into the WAL, then
 * decrypted and encrypted again by the checkpoint that folds it into the
 * file: three cipher passes per page (measured: the checkpoint was a third of
 * a 100,000-line import, and why SQLCipher lost 31 % to plain SQLite on a
 * million-row insert, 15 % without it). A rollback journal writes a new page
 * once, into the file, and journals only the few pages that existed before;
 * `synchronous = FULL` meanwhile, as SQLite advises for rollback journals, so
 * a power cut cannot tear the file. Either way the write is atomic.
 *
 * Leaving WAL needs the only connection and no open transaction; where that
 * does not hold, the write runs in WAL as before. Everything returns after.
 */
export function withBulkWrite<T>(db: Database.Database, write: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  db.pragma(`cache_size = -${String(BULK_CACHE_KIB)}`);
  const leftWal = leaveWal(db);
  if (leftWal) db.pragma('synchronous = FULL');
  try {
    return write();
  } finally {
    if (leftWal) {
      db.pragma(`synchronous = ${String(synchronous)}`);
      backToWal(db);
    }
    db.pragma(`cache_size = ${String(cacheSize)}`);
  }
}

const isBusy = (error: unknown): boolean => error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);

function leaveWal(db: Database.Database): boolean {
  if (db.inTransaction || db.pragma('journal_mode', { simple: true }) !== 'wal') return false;
  try {
    return db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch (error) {
    // Another connection has the file open: it keeps WAL.
    if (isBusy(error)) return false;
    throw error;
  }
}

function backToWal(db: Database.Database): void {
  try {
    db.pragma('journal_mode = WAL');
  } catch (error) {
    // Only a connection opened meanwhile can hold it up; the next open of the vault sets WAL again.
    if (!isBusy(error)) throw error;
  }
}
