import { randomBytes, randomUUID } from 'node:crypto';
import type { BackupTargetStatus, ConnectionStep, ConnectionTest } from '../../../src-shared/backups.js';
import { ConflictError, NotFoundError, UnavailableError } from '../errors.js';
import type { Keychain } from '../vault/keychain.js';
import type { BackupContext } from './context.js';
import { normalizePrefix } from './format.js';
import type { Connection, ObjectStore, Timeouts } from './store.js';
import { checkCaPem, checkEndpoint, describeS3Error, openS3Store } from './store.js';

export interface TargetInput {
  readonly name: string;
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly pathStyle: boolean;
  readonly allowInsecureLocalhost: boolean;
  readonly caPem: string | null;
  readonly pinSha256: string | null;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

interface TargetRow {
  id: string;
  name: string;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  path_style: number;
  allow_insecure: number;
  ca_pem: string | null;
  pin_sha256: string | null;
  access_key_id: string;
  last_run_at: string | null;
  last_ok_at: string | null;
  last_snapshot: string | null;
  last_size: number | null;
  last_objects: number | null;
  last_error: string | null;
  last_verify_at: string | null;
  last_verify_ok: number | null;
  last_verify_msg: string | null;
  last_full_verify_at: string | null;
  reconciled_at: string | null;
  sample_cursor: number;
}
export type TargetRecord = TargetRow;

/** The target's secret access key lives in the OS keychain under this account. */
export function targetAccount(targetId: string): string {
  return `backup-target:${targetId}`;
}

export function listTargetRows(ctx: Pick<BackupContext, 'db'>): TargetRow[] {
  return ctx.db.prepare<[], TargetRow>('SELECT * FROM backup_targets ORDER BY name COLLATE NOCASE').all();
}

export function targetByName(ctx: Pick<BackupContext, 'db'>, name: string): TargetRow {
  const row = ctx.db.prepare<[string], TargetRow>('SELECT * FROM backup_targets WHERE name = ? COLLATE NOCASE').get(name);
  if (!row) throw new NotFoundError(`There is no backup target "${name}". See the list with \`sealbook backup snapshots\` or in Backups.`);
  return row;
}

export function targetStatus(row: TargetRow): BackupTargetStatus {
  return {
    id: row.id,
    name: row.name,
    endpoint: row.endpoint,
    region: row.region,
    bucket: row.bucket,
    prefix: row.prefix,
    pathStyle: row.path_style === 1,
    allowInsecureLocalhost: row.allow_insecure === 1,
    hasCustomCa: row.ca_pem !== null,
    pinned: row.pin_sha256 !== null,
    accessKeyId: row.access_key_id,
    lastRunAt: row.last_run_at,
    lastOkAt: row.last_ok_at,
    lastSnapshot: row.last_snapshot,
    lastSize: row.last_size,
    lastObjects: row.last_objects,
    lastError: row.last_error,
    lastVerifyAt: row.last_verify_at,
    lastVerifyOk: row.last_verify_ok === null ? null : row.last_verify_ok === 1,
    lastVerifyMessage: row.last_verify_msg,
  };
}

function checkInput(input: TargetInput): void {
  checkEndpoint(input.endpoint, input.allowInsecureLocalhost);
  if (input.caPem !== null) checkCaPem(input.caPem);
}

/** Checks write, read, list and delete on the bucket, and names the step that failed. */
export async function testConnection(connection: Connection, prefix: string, timeouts?: Timeouts): Promise<ConnectionTest> {
  const store = openS3Store(connection, timeouts);
  const key = `${normalizePrefix(prefix)}sealbook-connection-test-${randomBytes(8).toString('hex')}`;
  const body = randomBytes(64);
  const steps: ConnectionStep[] = [];
  const step = async (name: ConnectionStep['step'], fn: () => Promise<string | null>): Promise<boolean> => {
    try {
      const problem = await fn();
      steps.push({ step: name, ok: problem === null, message: problem ?? `${name}: ok` });
      return problem === null;
    } catch (error) {
      steps.push({ step: name, ok: false, message: `${name} failed. ${describeS3Error(error instanceof UnavailableError ? error.cause : error, connection)}` });
      return false;
    }
  };
  try {
    const ok =
      (await step('write', async () => (await store.put(key, body), null))) &&
      (await step('read', async () => ((await store.get(key)).equals(body) ? null : 'read: the object came back different from what was written. The server corrupts data; do not use it.'))) &&
      (await step('list', async () => ((await store.list(key)).some((o) => o.key === key) ? null : 'list: the object just written is not listed. Check that the key may list the bucket.'))) &&
      (await step('delete', async () => (await store.delete(key), null)));
    return { ok, steps };
  } finally {
    store.close();
  }
}

export async function addTarget(ctx: BackupContext, input: TargetInput): Promise<BackupTargetStatus> {
  checkInput(input);
  if (ctx.db.prepare('SELECT 1 FROM backup_targets WHERE name = ? COLLATE NOCASE').get(input.name)) {
    throw new ConflictError(`There is already a backup target called "${input.name}". Choose another name.`, {});
  }
  const id = randomUUID();
  await ctx.keychain.setSecret(targetAccount(id), Buffer.from(input.secretAccessKey, 'utf8'));
  try {
    ctx.transaction(() => {
      ctx.db
        .prepare(
          `INSERT INTO backup_targets (id, name, endpoint, region, bucket, prefix, path_style, allow_insecure, ca_pem, pin_sha256, access_key_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.name,
          input.endpoint,
          input.region,
          input.bucket,
          normalizePrefix(input.prefix),
          input.pathStyle ? 1 : 0,
          input.allowInsecureLocalhost ? 1 : 0,
          input.caPem,
          input.pinSha256,
          input.accessKeyId,
          ctx.now().toISOString(),
        );
      ctx.audit({ action: 'backup.targetAdded', subject: input.name, details: { endpoint: input.endpoint, bucket: input.bucket, pinned: input.pinSha256 !== null } });
    });
  } catch (error) {
    await ctx.keychain.deleteSecret(targetAccount(id)).catch(() => undefined);
    throw error;
  }
  return targetStatus(targetByName(ctx, input.name));
}

export async function removeTarget(ctx: BackupContext, name: string): Promise<void> {
  const row = targetByName(ctx, name);
  ctx.transaction(() => {
    ctx.db.prepare('DELETE FROM backup_targets WHERE id = ?').run(row.id);
    ctx.audit({ action: 'backup.targetRemoved', subject: row.name });
  });
  // The target is gone from the vault; a keychain entry left behind holds a secret nothing uses.
  await ctx.keychain.deleteSecret(targetAccount(row.id)).catch(() => undefined);
}

/** The target's connection with its secret from the keychain. */
export async function connectionOf(row: TargetRow, keychain: Keychain): Promise<Connection> {
  const secret = await keychain.getSecret(targetAccount(row.id));
  if (!secret) {
    throw new UnavailableError(
      `The secret access key of target "${row.name}" is not in this computer's keychain (the vault was restored or copied here). Remove the target and add it again with its secret.`,
      { target: row.name },
    );
  }
  return {
    name: row.name,
    endpoint: row.endpoint,
    region: row.region,
    bucket: row.bucket,
    pathStyle: row.path_style === 1,
    allowInsecureLocalhost: row.allow_insecure === 1,
    caPem: row.ca_pem,
    pinSha256: row.pin_sha256,
    accessKeyId: row.access_key_id,
    secretAccessKey: secret.toString('utf8'),
  };
}

export function connectionFromInput(input: TargetInput): Connection {
  checkInput(input);
  return { ...input };
}

export type { ObjectStore };
