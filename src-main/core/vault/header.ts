import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../errors.js';

export const HEADER_FILE = 'vault.json';
export const HEADER_FORMAT = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const kdfParamsSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    N: z.number().int().min(1024),
    r: z.number().int().min(1),
    p: z.number().int().min(1),
  })
  .strict();
export type KdfParams = z.infer<typeof kdfParamsSchema>;

export const unlockerSchema = z
  .object({
    id: z.string().min(1).max(64),
    kind: z.enum(['password', 'recovery']),
    userId: z.string().min(1).max(64).optional(),
    userName: z.string().min(1).max(64).optional(),
    /** Raw X25519 public key. */
    publicKey: b64,
    /** The VMK sealed to `publicKey` (keys.ts `sealTo`). */
    sealedVmk: b64,
    /** During a key rotation only: the previous VMK, so a crash mid-rotation can finish on next open. */
    previousSealedVmk: b64.optional(),
    /** scrypt salt (password unlockers). */
    salt: b64.optional(),
    /** X25519 private key under the user's KEK (password unlockers). */
    encryptedPrivateKey: b64.optional(),
    /** `deviceCheck` of the device secret the KEK was made with (see VaultHeader.deviceCheck). */
    boundTo: b64.optional(),
  })
  .strict();
export type Unlocker = z.infer<typeof unlockerSchema>;

/** `vault.json`: public, holds no secret in clear (DESIGN §2). */
export const vaultHeaderSchema = z
  .object({
    format: z.literal(HEADER_FORMAT),
    vaultId: z.uuid(),
    company: z.string().min(1).max(200),
    createdAt: z.iso.datetime(),
    kdf: kdfParamsSchema,
    passwordOnly: z.boolean(),
    /** HMAC of the device secret: tells a stale keychain entry from the right one. Absent when password-only. */
    deviceCheck: b64.optional(),
    /** The stable data key (audit, backup, blob-name keys) wrapped under the VMK. */
    wrappedDataKey: b64,
    previousWrappedDataKey: b64.optional(),
    unlockers: z.array(unlockerSchema),
    /** Owned by the people/session service (failed-unlock counters). */
    lockout: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type VaultHeader = z.infer<typeof vaultHeaderSchema>;

export function parseHeader(text: string, file: string): VaultHeader {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError(`The vault header ${file} is damaged (not JSON). Restore the vault from a backup.`);
  }
  const parsed = vaultHeaderSchema.safeParse(json);
  if (!parsed.success) {
    const formatIssue = typeof json === 'object' && json !== null && (json as { format?: unknown }).format !== HEADER_FORMAT;
    throw new ValidationError(
      formatIssue
        ? `The vault header ${file} has a format this version of Sealbook does not know. Update Sealbook.`
        : `The vault header ${file} is damaged (${parsed.error.issues[0]?.path.join('.') ?? '?'}). Restore the vault from a backup.`,
    );
  }
  return parsed.data;
}

export function readHeader(dir: string): VaultHeader {
  const file = join(dir, HEADER_FILE);
  return parseHeader(readFileSync(file, 'utf8'), file);
}

/** Temp file, fsync, rename, fsync the folder: a crash leaves the old or the new header, never half. */
export function writeHeader(dir: string, header: VaultHeader): void {
  const valid = vaultHeaderSchema.parse(header);
  writeFileAtomic(join(dir, HEADER_FILE), `${JSON.stringify(valid, null, 2)}\n`);
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  fsyncDir(dirname(file));
}

export function fsyncDir(dir: string): void {
  // Windows cannot open a directory for fsync; the rename is durable enough there.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
