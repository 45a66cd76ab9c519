import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import type { Migration } from '../../../src-main/core/db/migration.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { DatabaseKeyError, openEncryptedDb, rekeyDb } from '../../../src-main/core/db/open.js';
import { ConflictError } from '../../../src-main/core/errors.js';
import { randomKey } from '../../../src-main/core/vault/keys.js';
import { tempDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function dbPath(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'vault.db');
}

describe('openEncryptedDb', () => {
  it('uses WAL and foreign keys, and refuses a wrong key with DatabaseKeyError', () => {
    const path = dbPath();
    const key = randomKey();
    const db = openEncryptedDb(path, key);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.exec('CREATE TABLE t (x TEXT)');
    db.close();
    expect(() => openEncryptedDb(path, randomKey())).toThrow(DatabaseKeyError);
    // A plain SQLite open cannot read it either.
    const plain = new Database(path);
    expect(() => plain.prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/);
    plain.close();
  });

  it('rekeys: the old key no longer opens, the new one does', () => {
    const path = dbPath();
    const oldKey = randomKey();
    const newKey = randomKey();
    const db = openEncryptedDb(path, oldKey);
    db.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')");
    rekeyDb(db, newKey);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(() => openEncryptedDb(path, oldKey)).toThrow(DatabaseKeyError);
    const reopened = openEncryptedDb(path, newKey, { mustExist: true });
    expect(reopened.prepare('SELECT x FROM t').pluck().get()).toBe('kept');
    reopened.close();
  });
});

describe('migrate', () => {
  it('0001-init: from an empty DB (version 0) to version 1 with meta and blobs', () => {
    const db = openEncryptedDb(dbPath(), randomKey());
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, MIGRATIONS, 1)).toEqual({ from: 0, to: 1 });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['blobs', 'meta']));
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('k', 'v');
    expect(() => db.prepare('INSERT INTO blobs (id, enc_key, chunk_size, size, sha256, created_at) VALUES (?, ?, 1, 0, ?, ?)').run('x', Buffer.alloc(5), 'a'.repeat(64), 'now')).toThrow(/CHECK/);
    db.close();
  });

  it('runs every migration in order to the latest version and is idempotent', () => {
    const db = openEncryptedDb(dbPath(), randomKey());
    migrate(db);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(migrate(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    db.close();
  });

  it('rolls a failing migration back whole and leaves the version', () => {
    const db = openEncryptedDb(dbPath(), randomKey());
    const broken: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'bad', up: (d) => d.exec('CREATE TABLE b (x); INSERT INTO nowhere VALUES (1)') },
    ];
    expect(() => migrate(db, broken)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a DB newer than the app, and a list with a gap', () => {
    const db = openEncryptedDb(dbPath(), randomKey());
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(ConflictError);
    expect(() => migrate(db)).toThrow(/newer version of Sealbook/);
    const gap: Migration[] = [{ version: 2, name: 'x', up: () => undefined }];
    expect(() => migrate(db, gap)).toThrow(/gapless/);
    db.close();
  });
});
