import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { BlobStore } from '../../../src-main/core/vault/blobs.js';
import { randomKey } from '../../../src-main/core/vault/keys.js';
import { tempDir } from './helpers.js';

describe('orphaned blob sweep', () => {
  let dir: string;
  let cleanup: () => void;
  let db: Database.Database;
  let store: BlobStore;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = openEncryptedDb(join(dir, 'vault.db'), randomKey());
    migrate(db);
    store = new BlobStore(dir, () => db);
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  const age = (id: string, hours: number): void => {
    const when = new Date(Date.now() - hours * 3600_000);
    utimesSync(join(dir, 'blobs', id), when, when);
  };

  it('removes old files of rolled-back writes, keeps committed and fresh ones', () => {
    const kept = store.put(Buffer.from('committed invoice'));
    let rolledBack = '';
    let inFlight = '';
    expect(() =>
      db.transaction(() => {
        rolledBack = store.put(Buffer.from('rolled back')).id;
        throw new Error('issue failed after the blob was written');
      })(),
    ).toThrow('issue failed');
    db.transaction(() => {
      inFlight = store.put(Buffer.from('another process, not committed yet')).id;
    })();
    // Simulate the other process's row not being visible yet.
    db.prepare('DELETE FROM blobs WHERE id = ?').run(inFlight);

    age(rolledBack, 2);
    age(kept.id, 2);
    expect(store.sweepOrphans()).toBe(1);
    expect(existsSync(join(dir, 'blobs', rolledBack))).toBe(false);
    expect(existsSync(join(dir, 'blobs', inFlight))).toBe(true);
    expect(store.get(kept.id).toString()).toBe('committed invoice');
  });
});
