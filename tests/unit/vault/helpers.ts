import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KdfParams } from '../../../src-main/core/vault/header.js';

/** Small scrypt cost for unit tests; integration tests and the bench use the real one. */
export const FAST_KDF: KdfParams = { algorithm: 'scrypt', N: 1024, r: 8, p: 1 };

export function tempDir(prefix = 'sealbook-vault-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
