import { afterEach, describe, expect, it } from 'vitest';
import { installRecurringRuns } from '../../../src-main/ipc/background.js';
import type { Harness } from './harness.js';
import { OWNER_PASSWORD, settleJobs, withVault } from './harness.js';

const AUDITOR_PASSWORD = 'glacier pepper orchard 4410';

/** Recurring invoices fall due at unlock, as a job, and only for roles that may draft. */
describe('recurring runs at unlock', () => {
  let h: Harness;
  afterEach(async () => {
    await h.cleanup();
  });

  const settle = (): Promise<void> => settleJobs(h);

  it('catches up missed months when a drafting user unlocks, never when an auditor does', async () => {
    h = await withVault();
    const stop = installRecurringRuns(h.app, () => undefined);
    const customer = await h.ok('customers.create', { name: 'Müller KG' });
    await h.ok('users.add', { name: 'audrey', role: 'auditor', oneTimePassword: AUDITOR_PASSWORD });
    await h.ok('recurring.create', {
      name: 'Hosting',
      customerId: customer.id,
      lines: [{ description: 'Hosting', quantity: '1', unitPrice: '10', vatRate: '19' }],
      frequency: 'monthly',
      startDate: '2026-01-02',
    });
    const drafts = async () => (await h.ok('invoices.list', {})).total;
    expect(await drafts()).toBe(0);

    await h.ok('session.lock');
    await h.ok('session.unlock', { user: 'audrey', password: AUDITOR_PASSWORD });
    await settle();
    expect(h.app.jobs.list()).toEqual([]);
    await h.ok('session.lock');

    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    await settle();
    // The clock stands at 2026-03-02: January, February and March are due.
    expect(h.app.jobs.list()).toMatchObject([{ kind: 'jobs.recurring', state: 'done', done: 3, total: 3, errors: [] }]);
    expect(await drafts()).toBe(3);

    await h.ok('session.lock');
    await h.ok('session.unlock', { user: 'anna', password: OWNER_PASSWORD });
    await settle();
    expect(await drafts()).toBe(3);
    // Nothing was due the second time: no new job.
    expect(h.app.jobs.list()).toHaveLength(1);
    stop();
  });
});
