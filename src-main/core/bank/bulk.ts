import type Database from 'better-sqlite3-multiple-ciphers';

/** 64 MB: the pages a 100,000-line import writes (about 48 MB) stay in memory until the commit. */
const BULK_CACHE_KIB = 65_536;

/**
 * Runs a large write with a large page cache. The dedup index takes random
 * keys: with SQLite's 2 MB default cache a large import spills pages to the
 * WAL and reads them back, and in a vault every such page is encrypted or
 * decrypted and authenticated once more. The connection's setting returns after.
 */
export function withBulkCache<T>(db: Database.Database, write: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${String(BULK_CACHE_KIB)}`);
  try {
    return write();
  } finally {
    db.pragma(`cache_size = ${String(cacheSize)}`);
  }
}
