import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';

describe('migration backups', () => {
  it('migrates a DB at the version before it forward, and the target name is unique regardless of case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealbook-mig-backups-'));
    const db = openEncryptedDb(join(dir, 'vault.db'), randomBytes(32));
    try {
      const version = MIGRATIONS.findIndex((m) => m.name === 'backups') + 1;
      migrate(db, MIGRATIONS, version - 1);
      expect(schemaVersion(db)).toBe(version - 1);
      expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'backup_targets'").get()).toBeUndefined();
      migrate(db);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      const insert = db.prepare("INSERT INTO backup_targets (id, name, endpoint, region, bucket, path_style, access_key_id, created_at) VALUES (?, ?, 'https://x', 'r', 'b', 1, 'k', '2026-01-01T00:00:00Z')");
      insert.run('1', 'Office');
      expect(() => insert.run('2', 'office')).toThrow(/UNIQUE/);
      db.prepare("INSERT INTO backup_objects (target_id, object_id, size) VALUES ('1', 'abc', 10)").run();
      db.prepare("DELETE FROM backup_targets WHERE id = '1'").run();
      expect(db.prepare('SELECT count(*) AS n FROM backup_objects').get()).toEqual({ n: 0 });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
