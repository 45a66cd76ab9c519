import { z } from 'zod';
import { channel, returns } from './channel.js';
import type {
  BackupRunResult,
  BackupTargetStatus,
  ConnectionTest,
  PruneResult,
  RestoreResult,
  SnapshotInfo,
  VerifyReport,
} from './backups.js';

export * from './backups.js';

/**
 * Backups channels (issue 9). Target secrets cross once, on add, and go to
 * the OS keychain; restore is public because the recovery key is its proof
 * (like vault.recover), so it works on a new machine before any vault is open.
 */
const text = (max: number) => z.string().trim().max(max, `Use at most ${String(max)} characters.`);
const targetName = text(64).min(1, 'Name the target.').regex(/^[\p{L}\p{N} ._-]+$/u, 'Use letters, digits, space, dot, dash or underscore.');

const connection = {
  endpoint: text(500).min(1, 'Enter the endpoint URL.'),
  region: text(64).min(1).default('us-east-1'),
  bucket: text(63).min(3, 'Enter the bucket name.').regex(/^[a-z0-9][a-z0-9.-]+[a-z0-9]$/, 'A bucket name has lower-case letters, digits, dots and dashes.'),
  prefix: text(200).default(''),
  pathStyle: z.boolean().default(false),
  allowInsecureLocalhost: z.boolean().default(false),
  /** The PEM text of a custom CA (the CLI reads --ca-file). */
  caPem: z.string().max(100_000).nullish(),
  accessKeyId: text(128).min(1, 'Enter the access key id.'),
  secretAccessKey: z.string().min(1, 'Enter the secret access key.').max(256),
};

const targetInput = z
  .object({
    name: targetName,
    ...connection,
    /** Base64 SHA-256 of the server's SubjectPublicKeyInfo. */
    pinSha256: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'A pin is the base64 SHA-256 of the server key (44 characters).').nullish(),
  })
  .strict();

const remote = z
  .object({
    ...connection,
    vaultId: z.uuid('The vault id is on the Recovery Kit, like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.'),
    recoveryKey: z.string().min(1, 'Enter the recovery key.').max(200),
  })
  .strict();

const snapshotId = z.string().regex(/^[a-f0-9]{32}$/, 'A snapshot id has 32 hex digits.');

export const BACKUPS_CONTRACT = {
  'backups.targets': channel(z.object({}).strict(), returns<BackupTargetStatus[]>(), { access: 'backup.read', audited: false }),
  'backups.addTarget': channel(targetInput, returns<BackupTargetStatus>(), { access: 'backup.manage', audited: true }),
  'backups.removeTarget': channel(z.object({ name: targetName }).strict(), returns<null>(), { access: 'backup.manage', audited: true }),
  /** Write, read, list and delete a test object; with `name` only, the saved target. */
  'backups.testTarget': channel(z.union([z.object({ name: targetName }).strict(), targetInput]), returns<ConnectionTest>(), { access: 'backup.manage', audited: false }),
  'backups.run': channel(z.object({ target: targetName.optional() }).strict(), returns<BackupRunResult>(), { access: 'backup.run', audited: true }),
  'backups.snapshots': channel(z.object({ target: targetName }).strict(), returns<SnapshotInfo[]>(), { access: 'backup.read', audited: false }),
  'backups.verify': channel(z.object({ target: targetName, full: z.boolean().default(false) }).strict(), returns<VerifyReport>(), { access: 'backup.run', audited: true }),
  'backups.prune': channel(z.object({ target: targetName }).strict(), returns<PruneResult>(), { access: 'backup.manage', audited: true }),
  'backups.remoteSnapshots': channel(remote, returns<SnapshotInfo[]>(), { access: 'public', audited: false }),
  'backups.restore': channel(
    remote.extend({ snapshot: snapshotId.optional(), to: z.string().min(1, 'Choose a new, empty folder.').max(4096) }).strict(),
    returns<RestoreResult>(),
    { access: 'public', audited: false },
  ),
} as const;
