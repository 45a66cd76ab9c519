import { afterEach, describe, expect, it } from 'vitest';
import { installRecurringRuns } from '../../../src-main/ipc/background.js';
import type { Harness } from '../handlers/harness.js';
import { OWNER_PASSWORD, settleJobs, withVault } from '../handlers/harness.js';

const BOOKKEEPER_PASSWORD = 'lantern walnut meadow 2231';
const RENT = [{ account: '4210', debit: '800.00' }, { account: '1200', credit: '800.00' }];

/** Recurring ledger entries post at unlock (and daily while unlocked), as a job, only for roles that may post. */
describe('recurring entries at unlock', () => {
  let h: Harness;
  afterEach(async () => {
    await h.cleanup();
  });

  const settle = (): Promise<void> => settleJobs(h);
  const recurringEntries = async (): Promise<string[]> =>
    (await h.ok('books.entries', { source: 'recurring' })).rows.map((e) => e.date).sort();

  it('posts the due months once when an owner unlocks, reports a closed month on the job, and does nothing for a bookkeeper', async () => {
    h = await withVault();
    const stop = installRecurringRuns(h.app, () => undefined);
    await h.ok('books.enable', { chart: 'skr03' });
    await h.ok('users.add', { name: 'bert', role: 'bookkeeper', oneTimePassword: BOOKKEEPER_PASSWORD });
    const rent = await h.ok('books.createRecurring', { name: 'Rent', text: 'Office rent', day: 1, startDate: '2026-01-01', lines: RENT });
    expect(rent.nextRun).toBe('2026-01-01');
    await h.ok('books.close', { period: '2026-01' });

    await h.ok('session.lock');
    await h.ok('session.unlock', { user: 'bert', password: BOOKKEEPER_PASSWORD });
    await settle();
    expect(h.app.jobs.list()).toEqual([]);
    await h.ok('session.lock');

    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    await settle();
    // The clock stands at 2026-03-02: January (closed), February and March are due.
    expect(h.app.jobs.list()).toMatchObject([{ kind: 'jobs.bookRecurring', state: 'done', done: 3, total: 3, errors: [{ item: '2026-01', message: 'The period 2026-01 is closed.' }] }]);
    expect(await recurringEntries()).toEqual(['2026-02-01', '2026-03-01']);
    const [listed] = await h.ok('books.recurring', {});
    // January is still held up by the closed period, so it stays the next run.
    expect(listed?.nextRun).toBe('2026-01-01');

    await h.ok('books.reopen', { period: '2026-01', reason: 'Rent was forgotten' });
    await h.ok('session.lock');
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    await settle();
    expect(await recurringEntries()).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect((await h.ok('books.recurring', {}))[0]?.nextRun).toBe('2026-04-01');
    stop();
  });

  it('pauses, resumes and deletes a template (audited); posted entries stay', async () => {
    h = await withVault();
    await h.ok('books.enable', { chart: 'skr03' });
    const rent = await h.ok('books.createRecurring', { name: 'Rent', day: 1, startDate: '2026-02-01', lines: RENT });
    expect((await h.ok('books.runRecurring', {})).posted).toHaveLength(2);
    const paused = await h.ok('books.setRecurringActive', { id: rent.id, active: false });
    expect(paused).toMatchObject({ active: false, nextRun: null });
    h.advance(31 * 24 * 3600 * 1000);
    expect((await h.ok('books.runRecurring', {})).posted).toEqual([]);
    // Resuming catches up the month missed meanwhile.
    expect(await h.ok('books.setRecurringActive', { id: rent.id, active: true })).toMatchObject({ active: true, nextRun: '2026-04-01' });
    await h.ok('books.deleteRecurring', { id: rent.id });
    expect(await h.ok('books.recurring', {})).toEqual([]);
    expect(await recurringEntries()).toEqual(['2026-02-01', '2026-03-01']);
    expect((await h.err('books.deleteRecurring', { id: rent.id })).message).toMatch(/does not exist/);
    const audit = (await h.ok('audit.list', { limit: 1000 })).rows.map((r) => r.action);
    expect(audit).toEqual(expect.arrayContaining(['books.recurring.pause', 'books.recurring.resume', 'books.recurring.delete']));
  });

  it('reports a template whose account was deactivated and still posts the others', async () => {
    h = await withVault();
    await h.ok('books.enable', { chart: 'skr03' });
    await h.ok('books.createRecurring', { name: 'Rent', day: 1, startDate: '2026-03-01', lines: RENT });
    await h.ok('books.createRecurring', { name: 'Phone', day: 1, startDate: '2026-03-01', lines: [{ account: '4920', debit: '40.00' }, { account: '1200', credit: '40.00' }] });
    await h.ok('books.saveAccount', { number: '4210', name: 'Miete', type: 'expense', active: false });
    const run = await h.ok('books.runRecurring', {});
    expect(run.posted).toHaveLength(1);
    expect(run.skipped.map((r) => r.month)).toEqual(['2026-03']);
    expect(run.skipped[0]?.reason).toMatch(/^Rent: .*4210 is inactive/);
  });
});
