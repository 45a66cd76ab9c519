import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../../src-main/core/receipts/imports.js';
import { FolderWatcher } from '../../../src-main/core/receipts/watch.js';
import { WorkerPool } from '../../../src-main/core/workers/pool.js';
import * as fx from './fixtures.js';
import type { ReceiptsVault } from './setup.js';
import { openReceiptsVault } from './setup.js';

let pool: WorkerPool;
let vault: ReceiptsVault;

beforeAll(() => {
  pool = new WorkerPool({ size: 1 });
  vault = openReceiptsVault(pool);
});
afterAll(async () => {
  vault.close();
  await pool.close();
});

describe('the watched folder', () => {
  it('imports files once they stop changing, then moves them to imported/ or rejected/', async () => {
    const folder = join(vault.dir, 'scanner');
    mkdirSync(folder);
    let setting: string | null = null;
    const watcher = new FolderWatcher(() => setting, (paths) => importPaths(vault.rctx, paths), 60_000);
    writeFileSync(join(folder, 'scan-1.jpg'), await fx.jpeg(60, 40, 'scan 1'));
    writeFileSync(join(folder, 'readme.txt'), 'not a receipt');

    // No folder set: nothing happens.
    await watcher.scan();
    await watcher.scan();
    expect(readdirSync(folder).sort()).toEqual(['readme.txt', 'scan-1.jpg']);

    setting = folder;
    await watcher.scan();
    // Seen once: a scanner may still be writing it.
    expect(existsSync(join(folder, 'scan-1.jpg'))).toBe(true);
    await watcher.scan();
    expect(readdirSync(join(folder, 'imported'))).toEqual(['scan-1.jpg']);
    expect(readdirSync(join(folder, 'rejected'))).toEqual(['readme.txt']);
    expect((vault.db.prepare('SELECT file_name FROM receipts').all() as { file_name: string }[]).map((r) => r.file_name)).toEqual(['scan-1.jpg']);

    // The same scan again: a duplicate, moved beside the first without overwriting it.
    writeFileSync(join(folder, 'scan-1.jpg'), await fx.jpeg(60, 40, 'scan 1'));
    await watcher.scan();
    await watcher.scan();
    expect(readdirSync(join(folder, 'imported')).sort()).toEqual(['scan-1 (2).jpg', 'scan-1.jpg']);
    expect((vault.db.prepare('SELECT count(*) AS n FROM receipts').get() as { n: number }).n).toBe(1);
  });
});
