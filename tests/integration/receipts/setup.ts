import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReceiptsContext, TextFunctions } from '../../../src-main/core/receipts/context.js';
import { DEFAULT_TEXT } from '../../../src-main/core/receipts/context.js';
import type { WorkerPool } from '../../../src-main/core/workers/pool.js';
import { openTestVault, setUpCompany } from '../invoices/setup.js';
import type { TestVault } from '../invoices/setup.js';

export interface ReceiptsVault extends TestVault {
  readonly rctx: ReceiptsContext;
}

/** A real SQLCipher vault with the company set up and a receipts context over the given pool. */
export function openReceiptsVault(pool: WorkerPool, text: TextFunctions = DEFAULT_TEXT, start?: string): ReceiptsVault {
  const vault = openTestVault(start);
  setUpCompany(vault.ctx);
  return { ...vault, rctx: { ...vault.ctx, blobs: vault.blobs, pool, text } };
}

export function pdfsig(dir: string, bytes: Uint8Array, name = 'check.pdf'): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdfsig', [file], { encoding: 'utf8' });
}

/** Blob files on disk (temp files included) and rows: equal sets mean no orphan. */
export function blobFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'blobs')).sort();
  } catch {
    return [];
  }
}
