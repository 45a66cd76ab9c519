import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/events.js';
import { withVault } from '../handlers/harness.js';
import type { Harness } from '../handlers/harness.js';

describe('audit log through the handlers', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  /** The open DB handle, as anyone with the key (or a bug) could use it behind the app's back. */
  function rawDb(): import('better-sqlite3-multiple-ciphers').Database {
    return (h.app.session as unknown as { db: import('better-sqlite3-multiple-ciphers').Database }).db;
  }

  it('verify runs as a job and names an altered row, then a deleted one', async () => {
    h = await withVault();
    for (const minutes of [5, 10, 15]) await h.ok('settings.update', { autoLockMinutes: minutes });
    const progress: JobSummary[] = [];
    h.app.events.on('job.progress', (job) => progress.push(job));
    expect(await h.ok('audit.verify')).toEqual({ ok: true, rows: 4 });
    expect(progress.at(-1)).toMatchObject({ kind: 'jobs.auditVerify', state: 'done', done: 4, total: 4 });

    rawDb().prepare(`UPDATE audit_log SET details = '{"autoLockMinutes":{"from":15,"to":60}}' WHERE seq = 3`).run();
    expect(await h.ok('audit.verify')).toMatchObject({ ok: false, firstBadSeq: 3 });
    rawDb().prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(await h.ok('audit.verify')).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('lists with filters and exports CSV, auditing the export', async () => {
    h = await withVault();
    await h.ok('settings.update', { autoLockMinutes: 30 });
    const page = await h.ok('audit.list', { filter: { action: 'settings.updated' } });
    expect(page.total).toBe(1);
    expect(JSON.parse(page.rows[0]?.details ?? '{}')).toEqual({ autoLockMinutes: { from: 15, to: 30 } });
    const { csv } = await h.ok('audit.exportCsv', { filter: { actor: 'anna', from: '2026-03-02', to: '2026-03-02' } });
    expect(csv.split('\r\n')[0]).toBe('seq,at,actor,action,subject,details');
    expect(csv.split('\r\n')).toHaveLength(4); // header, 2 rows, trailing empty
    expect((await h.ok('audit.list', { filter: { action: 'audit.exported' } })).total).toBe(1);
  });
});
