import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { beforeMigration } from '../../support/migration.js';

describe('migration backups', () => {
  it('migrates a DB at the version before it forward, and the target name is unique regardless of case', () => {
    beforeMigration('backups', (db) => {
      expect(schemaVersion(db)).toBe(MIGRATIONS.findIndex((m) => m.name === 'backups'));
      expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'backup_targets'").get()).toBeUndefined();
      migrate(db);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      const insert = db.prepare("INSERT INTO backup_targets (id, name, endpoint, region, bucket, path_style, access_key_id, created_at) VALUES (?, ?, 'https://x', 'r', 'b', 1, 'k', '2026-01-01T00:00:00Z')");
      insert.run('1', 'Office');
      expect(() => insert.run('2', 'office')).toThrow(/UNIQUE/);
      db.prepare("INSERT INTO backup_objects (target_id, object_id, size) VALUES ('1', 'abc', 10)").run();
      db.prepare("DELETE FROM backup_targets WHERE id = '1'").run();
      expect(db.prepare('SELECT count(*) AS n FROM backup_objects').get()).toEqual({ n: 0 });
    });
  });
});
