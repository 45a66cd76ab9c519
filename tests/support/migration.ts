import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../src-main/core/db/migrations/index.js';
import { openEncryptedDb } from '../../src-main/core/db/open.js';

/**
 * A real SQLCipher vault DB migrated up to just before the named migration,
 * as an older Sealbook left it: the test writes its old data, migrates the
 * rest of the way and checks. The folder goes afterwards.
 */
export function beforeMigration(name: string, test: (db: Database.Database, dir: string) => void): void {
  const version = MIGRATIONS.findIndex((m) => m.name === name) + 1;
  if (version === 0) throw new Error(`No migration is named ${name}.`);
  const dir = mkdtempSync(join(tmpdir(), `sealbook-mig-${name}-`));
  const db = openEncryptedDb(join(dir, 'vault.db'), randomBytes(32));
  try {
    migrate(db, MIGRATIONS, version - 1);
    test(db, dir);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
