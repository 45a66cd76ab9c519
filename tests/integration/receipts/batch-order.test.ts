import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../../src-main/core/receipts/imports.js';
import { WorkerPool } from '../../../src-main/core/workers/pool.js';
import * as fx from './fixtures.js';
import type { ReceiptsVault } from './setup.js';
import { openReceiptsVault } from './setup.js';

/**
 * Which of two copies is the original must not depend on which hash comes
 * back first: the first file's hash is held back here, as a busy worker
 * thread would on a slow machine.
 */
let pool: WorkerPool;
let vault: ReceiptsVault;

beforeAll(() => {
  pool = new WorkerPool({ size: 2 });
  vault = openReceiptsVault(pool);
});

afterAll(async () => {
  vault.close();
  await pool.close();
});

/** The pool, with the first `sha256` run answered 400 ms late. */
function slowFirstHash(): ReceiptsVault['rctx'] {
  let hashes = 0;
  const run: typeof pool.run = async (task, input, options) => {
    if (task === 'sha256' && hashes++ === 0) await new Promise((resolve) => setTimeout(resolve, 400));
    return pool.run(task, input, options);
  };
  return { ...vault.rctx, pool: { size: pool.size, run } };
}

describe('copies in one batch', () => {
  it('keeps the earlier file as the original even when its hash comes back last', async () => {
    const inbox = join(vault.dir, 'order');
    mkdirSync(inbox, { recursive: true });
    const photo = await fx.jpeg(90, 60, 'twice');
    writeFileSync(join(inbox, 'a-first.jpg'), photo);
    writeFileSync(join(inbox, 'b-second.jpg'), photo);
    const report = await importPaths(slowFirstHash(), [inbox]);
    expect(report.imported.map((r) => r.file)).toEqual(['a-first.jpg']);
    expect(report.duplicates.map((d) => [d.file, d.receiptId])).toEqual([['b-second.jpg', report.imported[0]?.receiptId]]);
  });

  it('stores an attachment a mail carries twice once, and names the second a duplicate', async () => {
    const inbox = join(vault.dir, 'mail');
    mkdirSync(inbox, { recursive: true });
    const scan = await fx.png(70, 40, 'attached twice');
    writeFileSync(
      join(inbox, 'twice.eml'),
      fx.mail('Two copies', [
        { name: 'one.png', type: 'image/png', bytes: scan },
        { name: 'two.png', type: 'image/png', bytes: scan },
      ]),
    );
    const report = await importPaths(vault.rctx, [inbox]);
    expect(report.imported.map((r) => r.file)).toEqual(['twice.eml › one.png']);
    expect(report.duplicates.map((d) => [d.file, d.receiptId])).toEqual([['twice.eml › two.png', report.imported[0]?.receiptId]]);
    expect(report.rejected).toEqual([]);
  });
});
