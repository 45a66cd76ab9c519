import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBackupSchedule } from '../../../src-main/ipc/backup-schedule.js';
import type { Harness } from '../handlers/harness.js';
import { OWNER_PASSWORD, withVault } from '../handlers/harness.js';
import type { S3World } from '../../support/s3/world.js';
import { startS3World } from '../../support/s3/world.js';
import { session, targetInput } from './setup.js';

let world: S3World;
let h: Harness;

beforeAll(async () => {
  world = await startS3World();
  h = await withVault();
}, 60_000);
afterAll(async () => {
  await h.cleanup();
  await world.stop();
});

async function jobsSettled(): Promise<void> {
  // Bounded: 200 polls of 50 ms.
  for (let i = 0; i < 200; i += 1) {
    if (h.app.jobs.list().every((j) => j.state !== 'running')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('backup job did not finish in 10 s');
}

describe('scheduled backups', () => {
  it('backs up at unlock when a target is overdue, runs the weekly test-restore, and not again while fresh', async () => {
    await h.ok('backups.addTarget', targetInput(world, 'alpha'));
    const uninstall = installBackupSchedule(h.app, (message, error) => {
      throw new Error(`${message}: ${String(error)}`);
    });
    try {
      await h.ok('session.lock', {});
      await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
      const jobs = h.app.jobs.list().filter((j) => j.kind === 'jobs.backup');
      expect(jobs).toHaveLength(1);
      await jobsSettled();
      expect(h.app.jobs.list().find((j) => j.kind === 'jobs.backup')?.state).toBe('done');
      const [alpha] = await h.ok('backups.targets', {});
      expect(alpha?.lastOkAt).not.toBeNull();
      expect(alpha?.lastVerifyOk).toBe(true);
      const full = session(h).db.prepare<[], { at: string | null }>('SELECT last_full_verify_at AS at FROM backup_targets').get();
      expect(full?.at).not.toBeNull();

      h.advance(60 * 60 * 1000);
      await h.ok('session.lock', {});
      await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
      expect(h.app.jobs.list().filter((j) => j.kind === 'jobs.backup')).toHaveLength(1);
    } finally {
      uninstall();
    }
  }, 60_000);
});
