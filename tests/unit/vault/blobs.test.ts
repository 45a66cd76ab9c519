import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { NotFoundError } from '../../../src-main/core/errors.js';
import { BlobIntegrityError, BlobStore, CHUNK_SIZE } from '../../../src-main/core/vault/blobs.js';
import { randomKey } from '../../../src-main/core/vault/keys.js';
import { randomBytes, createHash } from 'node:crypto';
import { tempDir } from './helpers.js';

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

const FULL = 12 + CHUNK_SIZE + 16;
const file = (id: string): string => join(dir, 'blobs', id);

describe('BlobStore', () => {
  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17])('round-trips %i bytes', (size) => {
    const bytes = randomBytes(size);
    const stored = store.put(bytes, { kind: 'receipt' });
    expect(stored.size).toBe(size);
    expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(store.get(stored.id).equals(bytes)).toBe(true);
    expect(store.info(stored.id).meta).toEqual({ kind: 'receipt' });
  });

  it('names files by random id, not by content hash, and stores no plaintext', () => {
    const bytes = Buffer.from('MARKER-blob-plaintext '.repeat(100));
    const a = store.put(bytes);
    const b = store.put(bytes);
    expect(a.id).not.toBe(b.id);
    expect(a.id).not.toContain(a.sha256.slice(0, 16));
    expect(readdirSync(join(dir, 'blobs')).sort()).toEqual([a.id, b.id].sort());
    expect(readFileSync(file(a.id)).includes('MARKER-blob')).toBe(false);
    expect(readFileSync(file(a.id)).equals(readFileSync(file(b.id)))).toBe(false);
    expect(store.findBySha256(a.sha256).sort()).toEqual([a.id, b.id].sort());
  });

  it('detects a flipped byte', () => {
    const { id } = store.put(randomBytes(1000));
    const bytes = readFileSync(file(id));
    bytes[100] = (bytes[100] ?? 0) ^ 0x01;
    writeFileSync(file(id), bytes);
    expect(() => store.get(id)).toThrow(BlobIntegrityError);
  });

  it('detects truncation at a chunk boundary and inside a chunk', () => {
    const { id } = store.put(randomBytes(3 * CHUNK_SIZE));
    const bytes = readFileSync(file(id));
    writeFileSync(file(id), bytes.subarray(0, 4 + 2 * FULL));
    expect(() => store.get(id)).toThrow(BlobIntegrityError);
    writeFileSync(file(id), bytes.subarray(0, bytes.length - 5));
    expect(() => store.get(id)).toThrow(/damaged or was altered/);
  });

  it('detects reordered chunks and appended data', () => {
    const { id } = store.put(randomBytes(3 * CHUNK_SIZE));
    const bytes = readFileSync(file(id));
    const c0 = bytes.subarray(4, 4 + FULL);
    const c1 = bytes.subarray(4 + FULL, 4 + 2 * FULL);
    writeFileSync(file(id), Buffer.concat([bytes.subarray(0, 4), c1, c0, bytes.subarray(4 + 2 * FULL)]));
    expect(() => store.get(id)).toThrow(BlobIntegrityError);
    writeFileSync(file(id), Buffer.concat([bytes, bytes.subarray(4, 4 + FULL)]));
    expect(() => store.get(id)).toThrow(BlobIntegrityError);
  });

  it('detects one blob file swapped for another', () => {
    const a = store.put(randomBytes(500));
    const b = store.put(randomBytes(500));
    writeFileSync(file(a.id), readFileSync(file(b.id)));
    expect(() => store.get(a.id)).toThrow(BlobIntegrityError);
  });

  it('deletes the row and the file; unknown ids are NotFound', () => {
    const { id } = store.put(randomBytes(10));
    store.delete(id);
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
    expect(() => store.get(id)).toThrow(NotFoundError);
    expect(() => store.delete(id)).toThrow(NotFoundError);
    expect(() => store.get('../vault.db')).toThrow(NotFoundError);
  });

  it('a blob written inside a rolled-back transaction leaves no row', () => {
    let id = '';
    expect(() =>
      db.transaction(() => {
        id = store.put(randomBytes(10)).id;
        throw new Error('abort');
      })(),
    ).toThrow('abort');
    expect(() => store.get(id)).toThrow(NotFoundError);
  });
});

describe('orphaned blob sweep', () => {
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
