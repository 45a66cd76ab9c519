import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BLOBS_DIR } from '../vault/blobs.js';
import { DB_FILE } from '../vault/folder.js';
import { HEADER_FILE, writeFileAtomic } from '../vault/header.js';
import type { Manifest } from './format.js';
import { openObject } from './format.js';
import type { Repository } from './repository.js';

/** Downloads a file's chunks in order into `path`; a problem in plain words, or null when its SHA-256 matches. */
async function restoreFile(repo: Repository, entry: Manifest['db'], path: string, what: string): Promise<string | null> {
  const fd = openSync(path, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for (const id of entry.chunks) {
      const plain = openObject(repo.keys, id, await repo.store.get(repo.paths.dataObject(id)));
      if (!plain) return `Object data/${id} of ${what} on target "${repo.name}" is damaged (it does not decrypt to its id).`;
      hash.update(plain);
      size += plain.length;
      writeSync(fd, plain);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (size !== entry.size || hash.digest('hex') !== entry.sha256) return `The restored ${what} does not match the snapshot (size or SHA-256).`;
  return null;
}

/**
 * Writes a snapshot's vault.db and blobs into `dir` (which must be empty),
 * and vault.json last: only a complete restore becomes a vault folder.
 * Returns the problems found; empty when every byte matched the manifest.
 */
export async function materialize(repo: Repository, manifest: Manifest, dir: string): Promise<string[]> {
  mkdirSync(join(dir, BLOBS_DIR), { recursive: true, mode: 0o700 });
  const problems: string[] = [];
  const db = await restoreFile(repo, manifest.db, join(dir, DB_FILE), 'the database');
  if (db) problems.push(db);
  for (const [id, entry] of Object.entries(manifest.blobs)) {
    const blob = await restoreFile(repo, entry, join(dir, BLOBS_DIR, id), `document ${id}`);
    if (blob) problems.push(blob);
  }
  if (problems.length === 0) writeFileAtomic(join(dir, HEADER_FILE), manifest.header);
  return problems;
}
