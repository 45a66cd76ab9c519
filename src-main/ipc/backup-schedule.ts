import type { AppState } from '../core/app.js';
import { backupContextFor } from '../core/backups/context.js';
import type { BackupContext } from '../core/backups/context.js';
import { runBackups } from '../core/backups/run.js';
import { listTargetRows } from '../core/backups/targets.js';
import { verifyTarget } from '../core/backups/verify.js';
import { whileUnlocked } from './background.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

const olderThan = (at: string | null, ms: number, now: Date): boolean => at === null || now.getTime() - Date.parse(at) >= ms;

/** Names of targets whose last good snapshot is a day old or more (or that never had one). */
export function overdueTargets(ctx: BackupContext): string[] {
  return listTargetRows(ctx).filter((t) => olderThan(t.last_ok_at, DAY_MS, ctx.now())).map((t) => t.name);
}

/**
 * Daily backups while a vault stays unlocked, and at unlock when one is
 * overdue (issue 9), as a job the tray shows; then the weekly full
 * test-restore of each healthy target that is due. Only for roles that may
 * run a backup. Like recurring invoices, the CLI does not install this:
 * cron calls `sealbook backup run` instead. Checked hourly, so a backup
 * falls due about a day after the last good one, even across a sleep.
 */
export function installBackupSchedule(app: AppState, log: (message: string, error: unknown) => void): () => void {
  return whileUnlocked(app, 'backup.run', HOUR_MS, (session) => {
    const ctx = backupContextFor(session, app.keychain, () => app.now());
    const due = overdueTargets(ctx);
    if (due.length === 0) return;
    app.jobs
      .start('jobs.backup', due.length, async (job) => {
        const result = await runBackups(ctx, { names: due });
        for (const failed of result.targets.filter((t) => !t.ok)) job.itemFailed(failed.name, failed.error ?? '');
        job.progress(result.targets.length);
        for (const target of listTargetRows(ctx).filter((t) => t.last_error === null && olderThan(t.last_full_verify_at, WEEK_MS, ctx.now()))) {
          if (!ctx.isOpen()) break;
          await verifyTarget(ctx, target.name, true);
        }
        return result;
      }, { cancellable: false })
      .result.catch((error: unknown) => {
        log('[sealbook] scheduled backup failed', error);
      });
  });
}
