import type { BACKUPS_CONTRACT } from '../../../src-shared/contract-backups.js';
import type { AppState } from '../../core/app.js';
import { backupContextFor } from '../../core/backups/context.js';
import type { BackupContext } from '../../core/backups/context.js';
import { listRemoteSnapshots, restoreVault } from '../../core/backups/restore.js';
import type { RestoreSource } from '../../core/backups/restore.js';
import { runBackups } from '../../core/backups/run.js';
import { listSnapshots, pruneTarget } from '../../core/backups/service.js';
import { addTarget, connectionFromInput, connectionOf, listTargetRows, removeTarget, targetByName, targetStatus, testConnection } from '../../core/backups/targets.js';
import { verifyTarget } from '../../core/backups/verify.js';
import { requireVaultSession } from '../../core/people/app-vault.js';
import type { CallContext, HandlerMap } from '../handlers.js';

function backups(ctx: CallContext): BackupContext {
  return backupContextFor(requireVaultSession(ctx.session), ctx.app.keychain, () => ctx.app.now());
}

interface RemoteInput {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
  allowInsecureLocalhost: boolean;
  caPem?: string | null | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  vaultId: string;
  recoveryKey: string;
}

function remoteSource(input: RemoteInput): RestoreSource {
  const connection = connectionFromInput({ ...input, name: input.bucket, caPem: input.caPem ?? null, pinSha256: null });
  return { connection, prefix: input.prefix, vaultId: input.vaultId, recoveryKey: input.recoveryKey };
}

/** A backup run is a job, so the tray shows its progress: targets done, and objects of the one uploading. */
export function startBackupJob(app: AppState, ctx: BackupContext, target?: string) {
  const total = target === undefined ? listTargetRows(ctx).length : 1;
  const finished = new Set<string>();
  return app.jobs.start(
    'jobs.backup',
    total,
    (job) =>
      runBackups(ctx, {
        ...(target === undefined ? {} : { target }),
        progress: (name, done, objects) => {
          if (done === objects) finished.add(name);
          job.progress(finished.size, `${name}: ${String(done)}/${String(objects)}`);
        },
      }).then((result) => {
        for (const failed of result.targets.filter((t) => !t.ok)) job.itemFailed(failed.name, failed.error ?? '');
        job.progress(result.targets.length);
        return result;
      }),
    { cancellable: false },
  );
}

export const backupsHandlers: HandlerMap<keyof typeof BACKUPS_CONTRACT> = {
  'backups.targets': (_input, ctx) => listTargetRows(backups(ctx)).map(targetStatus),
  'backups.addTarget': (input, ctx) => addTarget(backups(ctx), { ...input, caPem: input.caPem ?? null, pinSha256: input.pinSha256 ?? null }),
  'backups.removeTarget': async (input, ctx) => {
    await removeTarget(backups(ctx), input.name);
    return null;
  },
  'backups.testTarget': async (input, ctx) => {
    const b = backups(ctx);
    if (!('endpoint' in input)) {
      const row = targetByName(b, input.name);
      return testConnection(await connectionOf(row, b.keychain), row.prefix, b.timeouts);
    }
    return testConnection(connectionFromInput({ ...input, caPem: input.caPem ?? null, pinSha256: input.pinSha256 ?? null }), input.prefix, b.timeouts);
  },
  'backups.run': (input, ctx) => startBackupJob(ctx.app, backups(ctx), input.target).result,
  'backups.snapshots': (input, ctx) => listSnapshots(backups(ctx), input.target),
  'backups.verify': (input, ctx) => verifyTarget(backups(ctx), input.target, input.full),
  'backups.prune': (input, ctx) => pruneTarget(backups(ctx), input.target),
  'backups.remoteSnapshots': (input) => listRemoteSnapshots(remoteSource(input)),
  'backups.restore': (input, ctx) =>
    restoreVault({ ...remoteSource(input), to: input.to, keychain: ctx.app.keychain, ...(input.snapshot === undefined ? {} : { snapshot: input.snapshot }) }),
};
