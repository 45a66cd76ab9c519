import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { decrypt, encrypt, hkdf, openSealed, sealTo, zero } from '../vault/keys.js';

/**
 * The repository format of one backup target (DESIGN §7, after restic and
 * Kopia). Under `<prefix><vaultId>/`:
 *   data/<id>       content-addressed objects: id = HMAC-SHA256(idKey, plaintext),
 *                   body = AES-256-GCM(dataKey, plaintext) with the id as associated data
 *   snapshots/<id>  encrypted manifests, written last: the commit point of a run
 *   keys/<id>       the backup key sealed to the recovery key's public key
 *   locks/<id>      encrypted lock records (a run holds a shared one, prune an exclusive one)
 * The server sees random names and sizes only: the vault header, company and
 * user names travel inside the encrypted manifest.
 */
export const CHUNK_BYTES = 1024 * 1024;
export const REPOSITORY_FORMAT = 1;

export interface RepositoryKeys {
  readonly id: Buffer;
  readonly data: Buffer;
  readonly manifest: Buffer;
}

/** From the vault's backup key (stable across master-key rotations, so ids stay the same). */
export function repositoryKeys(backupKey: Buffer): RepositoryKeys {
  return { id: hkdf(backupKey, 'backup-object-id'), data: hkdf(backupKey, 'backup-object'), manifest: hkdf(backupKey, 'backup-manifest') };
}

export function zeroKeys(keys: RepositoryKeys): void {
  zero(keys.id, keys.data, keys.manifest);
}

export function objectId(keys: RepositoryKeys, plaintext: Uint8Array): string {
  return createHmac('sha256', keys.id).update(plaintext).digest('hex');
}

const dataAad = (id: string): string => `sealbook/backup/data/${id}`;
const manifestAad = (vaultId: string, snapshotId: string): string => `sealbook/backup/snapshot/${vaultId}/${snapshotId}`;
const lockAad = (vaultId: string, lockId: string): string => `sealbook/backup/lock/${vaultId}/${lockId}`;
const backupKeyAad = (vaultId: string): string => `sealbook/backup/key/${vaultId}`;

export function sealObject(keys: RepositoryKeys, id: string, plaintext: Buffer): Buffer {
  return encrypt(keys.data, plaintext, dataAad(id));
}

/** Null when the object was altered (or belongs to another id): GCM and the id check both hold or it is damaged. */
export function openObject(keys: RepositoryKeys, id: string, body: Buffer): Buffer | null {
  const plain = decrypt(keys.data, body, dataAad(id));
  return plain && objectId(keys, plain) === id ? plain : null;
}

/** Paths inside a target; `prefix` is '' or ends with '/'. */
export function repositoryPaths(prefix: string, vaultId: string) {
  const root = `${normalizePrefix(prefix)}${vaultId}/`;
  return {
    root,
    data: `${root}data/`,
    snapshots: `${root}snapshots/`,
    keys: `${root}keys/`,
    locks: `${root}locks/`,
    dataObject: (id: string) => `${root}data/${id}`,
    snapshot: (id: string) => `${root}snapshots/${id}`,
    key: (id: string) => `${root}keys/${id}`,
    lock: (id: string) => `${root}locks/${id}`,
  };
}
export type RepositoryPaths = ReturnType<typeof repositoryPaths>;

export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** keys/<name>: a name derived from the recovery public key, so restore finds its own key object. */
export function keyObjectName(recoveryPublic: Buffer): string {
  return createHash('sha256').update('sealbook/backup-key-name/v1').update(recoveryPublic).digest('hex').slice(0, 32);
}

export function sealBackupKey(vaultId: string, recoveryPublic: Buffer, backupKey: Buffer): Buffer {
  return sealTo(recoveryPublic, backupKey, backupKeyAad(vaultId));
}

export function openBackupKey(vaultId: string, recoveryPrivate: Buffer, sealed: Buffer): Buffer | null {
  return openSealed(recoveryPrivate, sealed, backupKeyAad(vaultId));
}

const hex64 = z.string().regex(/^[a-f0-9]{64}$/);

const fileEntry = z.object({ size: z.number().int().min(0), sha256: hex64, chunks: z.array(hex64) }).strict();

export const manifestSchema = z
  .object({
    format: z.literal(REPOSITORY_FORMAT),
    snapshotId: z.string().regex(/^[a-f0-9]{32}$/),
    vaultId: z.uuid(),
    createdAt: z.iso.datetime(),
    /** vault.json as it was at the snapshot: it holds the seals the restored DB opens with. */
    header: z.string().min(2),
    db: fileEntry,
    /** Blob files (already encrypted by the vault) by their file name in blobs/. */
    blobs: z.record(z.string().regex(/^[a-f0-9]{32}$/), fileEntry),
    /** The audit chain head: a later vault whose log ends before it was cut short. */
    audit: z.object({ seq: z.number().int().min(0), mac: z.string() }).strict(),
    /** Row count per table, compared by the test-restore. */
    counts: z.record(z.string(), z.number().int().min(0)),
  })
  .strict();
export type Manifest = z.infer<typeof manifestSchema>;

/** Every object id a manifest refers to. */
export function referencedIds(manifest: Manifest): Set<string> {
  const ids = new Set(manifest.db.chunks);
  for (const blob of Object.values(manifest.blobs)) for (const id of blob.chunks) ids.add(id);
  return ids;
}

export function manifestBytes(manifest: Manifest): number {
  return manifest.db.size + Object.values(manifest.blobs).reduce((sum, b) => sum + b.size, 0);
}

export function sealManifest(keys: RepositoryKeys, manifest: Manifest): Buffer {
  const plain = Buffer.from(JSON.stringify(manifestSchema.parse(manifest)), 'utf8');
  return encrypt(keys.manifest, plain, manifestAad(manifest.vaultId, manifest.snapshotId));
}

/** Null when the manifest does not open (altered, or another vault's). */
export function openManifest(keys: RepositoryKeys, vaultId: string, snapshotId: string, body: Buffer): Manifest | null {
  const plain = decrypt(keys.manifest, body, manifestAad(vaultId, snapshotId));
  if (!plain) return null;
  const parsed = manifestSchema.safeParse(JSON.parse(plain.toString('utf8')));
  return parsed.success && parsed.data.snapshotId === snapshotId && parsed.data.vaultId === vaultId ? parsed.data : null;
}

export const lockSchema = z.object({ kind: z.enum(['backup', 'prune']), createdAt: z.iso.datetime() }).strict();
export type LockRecord = z.infer<typeof lockSchema>;

export function sealLock(keys: RepositoryKeys, vaultId: string, lockId: string, lock: LockRecord): Buffer {
  return encrypt(keys.manifest, Buffer.from(JSON.stringify(lock), 'utf8'), lockAad(vaultId, lockId));
}

export function openLock(keys: RepositoryKeys, vaultId: string, lockId: string, body: Buffer): LockRecord | null {
  const plain = decrypt(keys.manifest, body, lockAad(vaultId, lockId));
  if (!plain) return null;
  const parsed = lockSchema.safeParse(JSON.parse(plain.toString('utf8')));
  return parsed.success ? parsed.data : null;
}
