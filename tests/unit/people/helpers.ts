import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { migrate } from '../../../src-main/core/db/migrate.js';

/** A real SQLCipher file in a temp folder, migrated to the latest version. */
export function tempVaultDb(upTo?: number): { db: Database.Database; dir: string; key: Buffer; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sealbook-people-'));
  const key = randomBytes(32);
  const db = openEncryptedDb(join(dir, 'vault.db'), key);
  migrate(db, undefined, upTo);
  return {
    db,
    dir,
    key,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
