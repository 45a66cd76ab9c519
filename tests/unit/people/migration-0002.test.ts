import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { tempVaultDb } from './helpers.js';

describe('migration 0002-people', () => {
  let cleanup = (): void => undefined;
  afterEach(() => cleanup());

  it('migrates a version-1 database forward and creates the people tables with defaults', () => {
    const t = tempVaultDb(1);
    cleanup = t.cleanup;
    expect(schemaVersion(t.db)).toBe(1);
    expect(() => t.db.prepare('SELECT * FROM users').all()).toThrow(/no such table/);

    const report = migrate(t.db);
    expect(report.from).toBe(1);
    expect(schemaVersion(t.db)).toBeGreaterThanOrEqual(2);
    const tables = t.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'mfa_recovery_codes', 'settings', 'audit_log']));
    expect(t.db.prepare("SELECT value FROM settings WHERE key = 'auto_lock_minutes'").pluck().get()).toBe('15');
  });

  it('enforces unique names (case-insensitive) and known roles', () => {
    const t = tempVaultDb();
    cleanup = t.cleanup;
    const insert = t.db.prepare("INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000Z')");
    insert.run('u1', 'Anna', 'owner');
    expect(() => insert.run('u2', 'anna', 'auditor')).toThrow(/UNIQUE/);
    expect(() => insert.run('u3', 'bob', 'admin')).toThrow(/CHECK/);
  });

  it('indexes the audit filters', () => {
    const t = tempVaultDb();
    cleanup = t.cleanup;
    const plan = t.db
      .prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM audit_log WHERE actor = ?')
      .all('anna')
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    expect(plan).toMatch(/audit_log_actor/);
  });
});
