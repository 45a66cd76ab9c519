import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withBulkWrite } from '../../../src-main/core/bank/bulk.js';
import { openEncryptedDb, rekeyDb } from '../../../src-main/core/db/open.js';

describe('withBulkWrite (bank imports)', () => {
  let dir: string;
  let key: Buffer;
  let db: Database.Database;
  const settings = (): unknown[] => [db.pragma('journal_mode', { simple: true }), db.pragma('synchronous', { simple: true }), db.pragma('cache_size', { simple: true })];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sealbook-bulk-'));
    key = randomBytes(32);
    db = openEncryptedDb(join(dir, 'vault.db'), key);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes through a rollback journal with full sync and a large cache, then returns to WAL and the earlier settings', () => {
    const before = settings();
    expect(before[0]).toBe('wal');
    const seen = withBulkWrite(db, () => {
      const during = settings();
      db.transaction(() => {
        const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
        for (let i = 0; i < 5000; i += 1) insert.run(`row ${String(i)}`);
      })();
      return during;
    });
    expect(seen).toEqual(['delete', 2, -65_536]);
    expect(settings()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(5000);
    // The rows are in the encrypted file itself, not in a WAL: a fresh handle with the key reads them.
    expect(existsSync(join(dir, 'vault.db-journal'))).toBe(false);
    const other = openEncryptedDb(join(dir, 'vault.db'), key, { mustExist: true });
    try {
      expect(other.prepare('SELECT count(*) FROM t').pluck().get()).toBe(5000);
    } finally {
      other.close();
    }
    // Rotation (rekey) and checkpoints still work on the connection afterwards.
    rekeyDb(db, randomBytes(32));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('stays in WAL when another connection has the file open, and inside a transaction', () => {
    const other = openEncryptedDb(join(dir, 'vault.db'), key, { mustExist: true });
    try {
      other.prepare('SELECT count(*) FROM t').get();
      expect(withBulkWrite(db, () => {
        db.prepare("INSERT INTO t (v) VALUES ('a')").run();
        return db.pragma('journal_mode', { simple: true });
      })).toBe('wal');
    } finally {
      other.close();
    }
    const inside = db.transaction(() => withBulkWrite(db, () => db.pragma('journal_mode', { simple: true })))();
    expect(inside).toBe('wal');
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
  });

  it('returns the settings when the write fails, and the failed transaction leaves nothing', () => {
    const before = settings();
    expect(() => withBulkWrite(db, () => db.transaction(() => {
      db.prepare("INSERT INTO t (v) VALUES ('kept?')").run();
      throw new Error('bad row');
    })())).toThrow('bad row');
    expect(settings()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
  });
});
