import type Database from 'better-sqlite3-multiple-ciphers';
import { ConflictError } from '../errors.js';
import type { Migration } from './migration.js';
import { MIGRATIONS } from './migrations/index.js';

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration list is not gapless: position ${i + 1} holds version ${m.version} (${m.name}).`);
    }
  });
}

/**
 * Forward-only: each pending migration runs in its own transaction together
 * with its `user_version` bump, so a crash leaves the DB at a known version.
 * `upTo` is for tests that need a DB at an older version.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  upTo: number = migrations.length,
): MigrationReport {
  checkList(migrations);
  const from = schemaVersion(db);
  if (from > migrations.length) {
    throw new ConflictError(
      `This vault was last used by a newer version of Sealbook (database version ${from}; this version knows up to ${migrations.length}). Update Sealbook to open it.`,
    );
  }
  for (const migration of migrations.slice(from, upTo)) {
    db.transaction(() => {
      migration.up(db);
      // PRAGMA takes no bound parameters; the version is an integer from our own list.
      db.pragma(`user_version = ${String(migration.version)}`);
    })();
  }
  return { from, to: Math.max(from, Math.min(upTo, migrations.length)) };
}
