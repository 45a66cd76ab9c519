import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAccount } from '../../../src-main/core/bank/accounts.js';
import type { BankContext } from '../../../src-main/core/bank/context.js';

export { openTestVault, auditRows } from '../invoices/setup.js';
export type { TestVault } from '../invoices/setup.js';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * The shared real-world corpus, beside the repository: CI clones main next to
 * shared/; a worktree sits one level deeper (/work/wt/<feature>). Never copied
 * into the repository (some files are AGPL/GPL).
 */
const CANDIDATES = [process.env.SEALBOOK_BANK_SAMPLES ?? '', resolve(REPO_ROOT, '../shared/fixtures/bank-samples'), resolve(REPO_ROOT, '../../shared/fixtures/bank-samples')];
export const CORPUS = CANDIDATES.find((dir) => dir !== '' && existsSync(resolve(dir, 'SOURCES.md'))) ?? resolve(REPO_ROOT, '../shared/fixtures/bank-samples');

export function newAccount(ctx: BankContext, name: string, extra: { iban?: string; currency?: string; openingBalance?: string } = {}): string {
  return createAccount(ctx, { name, ...extra }).id;
}
