import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writevSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { NotFoundError, ValidationError } from '../errors.js';
import { fsyncDir } from './header.js';
import { zero } from './keys.js';

/**
 * Encrypted document storage (DESIGN §2). Each blob has its own random key,
 * kept in the encrypted DB. The file is a magic header followed by chunks of
 * nonce | ciphertext | tag; each chunk's associated data carries the blob id,
 * the chunk index and a final flag, so a swapped, reordered, truncated or
 * extended file fails authentication instead of returning wrong bytes.
 */
export const BLOBS_DIR = 'blobs';
export const CHUNK_SIZE = 64 * 1024;
const MAGIC = Buffer.from('SBB1', 'ascii');
const NONCE = 12;
const TAG = 16;
const ID_PATTERN = /^[a-f0-9]{32}$/;
/** An hour: far longer than any write between a blob file and its row. */
const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;

export type BlobMeta = Readonly<Record<string, string | number | boolean>>;

export interface StoredBlob {
  readonly id: string;
  /** SHA-256 of the plaintext, hex: for dedup inside the encrypted DB only. */
  readonly sha256: string;
  readonly size: number;
}

export interface BlobInfo extends StoredBlob {
  readonly meta: BlobMeta;
  readonly createdAt: string;
}

interface BlobRow {
  enc_key: Buffer;
  chunk_size: number;
  size: number;
  sha256: string;
  meta: string;
  created_at: string;
}

/** Thrown when a blob file fails authentication; the stored document is damaged or was altered. */
export class BlobIntegrityError extends ValidationError {}

function chunkAad(id: string, index: number, final: boolean): Buffer {
  const aad = Buffer.alloc(8 + 1);
  aad.writeBigUInt64BE(BigInt(index), 0);
  aad.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([Buffer.from(`sealbook/blob/v1/${id}/`, 'utf8'), aad]);
}

export class BlobStore {
  private readonly dir: string;

  /** Synchronous, so a blob and its DB row can be written inside one better-sqlite3 transaction. */
  constructor(
    vaultDir: string,
    private readonly db: () => Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dir = join(vaultDir, BLOBS_DIR);
  }

  /** `id` may be chosen beforehand (newBlobId) so a journal can name the blob before it exists. */
  put(bytes: Uint8Array, meta: BlobMeta = {}, id: string = newBlobId()): StoredBlob {
    this.checkId(id);
    const key = randomBytes(32);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      this.writeFile(id, key, bytes);
      this.db()
        .prepare(
          'INSERT INTO blobs (id, enc_key, chunk_size, size, sha256, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(id, key, CHUNK_SIZE, bytes.length, sha256, JSON.stringify(meta), this.now().toISOString());
    } catch (error) {
      rmSync(this.path(id), { force: true });
      throw error;
    } finally {
      zero(key);
    }
    return { id, sha256, size: bytes.length };
  }

  get(id: string): Buffer {
    const row = this.row(id);
    let file: Buffer;
    try {
      file = readFileSync(this.path(id));
    } catch {
      throw new NotFoundError(`The file of document ${id} is missing from the vault's blobs folder. Restore it from a backup.`);
    }
    try {
      const plain = decryptChunks(id, row.enc_key, row.chunk_size, file);
      if (plain.length !== row.size || createHash('sha256').update(plain).digest('hex') !== row.sha256) {
        throw damaged(id);
      }
      return plain;
    } finally {
      zero(row.enc_key);
    }
  }

  info(id: string): BlobInfo {
    const row = this.row(id);
    zero(row.enc_key);
    return { id, sha256: row.sha256, size: row.size, meta: JSON.parse(row.meta) as BlobMeta, createdAt: row.created_at };
  }

  /** Ids of stored blobs with this content hash (dedup). */
  findBySha256(sha256: string): string[] {
    const rows = this.db().prepare('SELECT id FROM blobs WHERE sha256 = ? ORDER BY created_at').all(sha256) as { id: string }[];
    return rows.map((r) => r.id);
  }

  delete(id: string): void {
    const result = this.db().prepare('DELETE FROM blobs WHERE id = ?').run(this.checkId(id));
    if (result.changes === 0) throw new NotFoundError(`There is no document ${id} in this vault.`);
    rmSync(this.path(id), { force: true });
  }

  /**
   * Removes the file (or the half-written temp file) of a blob id that no
   * row points to: what a journal does with the ids of a write that was cut
   * off. A blob with a row is left alone. Returns whether a file went.
   */
  discardUnreferenced(id: string): boolean {
    this.checkId(id);
    if (this.db().prepare('SELECT 1 FROM blobs WHERE id = ?').get(id)) return false;
    let removed = false;
    for (const path of [this.path(id), join(this.dir, `.${id}.tmp`)]) {
      if (!existsSync(path)) continue;
      rmSync(path, { force: true });
      removed = true;
    }
    return removed;
  }

  /**
   * Removes blob files that no DB row points to: a blob is written before
   * its row, so a transaction that rolled back (or a crash) leaves its file
   * behind. Only files older than `minAgeMs` go, so a blob another process
   * is writing right now (its row not yet committed) is never touched.
   */
  sweepOrphans(minAgeMs = ORPHAN_MIN_AGE_MS): number {
    if (!existsSync(this.dir)) return 0;
    const known = this.db().prepare('SELECT 1 FROM blobs WHERE id = ?');
    const cutoff = this.now().getTime() - minAgeMs;
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      if (!ID_PATTERN.test(name) || known.get(name)) continue;
      const path = this.path(name);
      if (statSync(path).mtimeMs > cutoff) continue;
      rmSync(path, { force: true });
      removed += 1;
    }
    return removed;
  }

  private row(id: string): BlobRow {
    const row = this.db()
      .prepare('SELECT enc_key, chunk_size, size, sha256, meta, created_at FROM blobs WHERE id = ?')
      .get(this.checkId(id)) as BlobRow | undefined;
    if (!row) throw new NotFoundError(`There is no document ${id} in this vault.`);
    return row;
  }

  private checkId(id: string): string {
    if (!ID_PATTERN.test(id)) throw new NotFoundError(`There is no document ${id} in this vault.`);
    return id;
  }

  private path(id: string): string {
    return join(this.dir, id);
  }

  private writeFile(id: string, key: Buffer, bytes: Uint8Array): void {
    if (!existsSync(this.dir)) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `.${id}.tmp`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, MAGIC);
      const count = Math.max(1, Math.ceil(bytes.length / CHUNK_SIZE));
      for (let index = 0; index < count; index += 1) {
        const chunk = bytes.subarray(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE);
        const nonce = randomBytes(NONCE);
        const cipher = createCipheriv('aes-256-gcm', key, nonce);
        cipher.setAAD(chunkAad(id, index, index === count - 1));
        // Written as parts: joining them first copied every blob once more, on the main thread.
        writevSync(fd, [nonce, cipher.update(chunk), cipher.final(), cipher.getAuthTag()]);
      }
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw error;
    }
    closeSync(fd);
    renameSync(tmp, this.path(id));
    fsyncDir(this.dir);
  }
}

/** A fresh random blob id (never derived from the content: DESIGN §2). */
export function newBlobId(): string {
  return randomBytes(16).toString('hex');
}

function damaged(id: string): BlobIntegrityError {
  return new BlobIntegrityError(
    `Document ${id} is damaged or was altered outside Sealbook; it cannot be trusted. Restore it from a backup.`,
  );
}

/**
 * The reader expects a chunk to be final exactly when it is the last one in
 * the file; a file cut at a chunk boundary therefore fails, because its new
 * last chunk was sealed with final = 0.
 */
function decryptChunks(id: string, key: Buffer, chunkSize: number, file: Buffer): Buffer {
  if (file.length < MAGIC.length || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw damaged(id);
  const full = NONCE + chunkSize + TAG;
  const parts: Buffer[] = [];
  let offset = MAGIC.length;
  let index = 0;
  for (;;) {
    const remaining = file.length - offset;
    if (remaining < NONCE + TAG) throw damaged(id);
    const final = remaining <= full;
    const length = final ? remaining : full;
    const nonce = file.subarray(offset, offset + NONCE);
    const body = file.subarray(offset + NONCE, offset + length - TAG);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(chunkAad(id, index, final));
    decipher.setAuthTag(file.subarray(offset + length - TAG, offset + length));
    try {
      parts.push(Buffer.concat([decipher.update(body), decipher.final()]));
    } catch {
      throw damaged(id);
    }
    if (final) return Buffer.concat(parts);
    offset += length;
    index += 1;
  }
}
