import { roleAllows } from '../../src-shared/roles.js';
import type { Permission } from '../../src-shared/roles.js';
import type { ActiveSession, AppState } from '../core/app.js';
import { countDueRecurringEntries, runDueRecurringEntries } from '../core/books/recurring.js';
import { invoicingContextFor } from '../core/invoices/context.js';
import { countDueRecurring, runDueRecurring } from '../core/invoices/recurring.js';
import { eInvoiceHook } from '../core/einvoice/issue.js';
import { requireVaultSession } from '../core/people/app-vault.js';
import { Session } from '../core/people/session.js';
import type { VaultSession } from '../core/people/unlock.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Recurring invoices fall due at unlock and daily while a vault stays open
 * (issue 4), and so do recurring ledger entries (issue 11). They run as jobs,
 * so the tray shows them, and only for a user whose role may create the
 * drafts or post the entries: an auditor's unlock changes nothing.
 * The desktop app and the browser host install this; the CLI offers
 * `sealbook recurring run` for cron instead, so a script's unlock has no
 * side effects.
 */
export function installRecurringRuns(app: AppState, log: (message: string, error: unknown) => void): () => void {
  const stopInvoices = whileUnlocked(app, 'invoices.draft', DAY_MS, (session) => {
    const ctx = invoicingContextFor(session, () => app.now());
    // Nothing due: no job, so the tray stays quiet on an ordinary unlock.
    const due = countDueRecurring(ctx);
    if (due === 0) return;
    app.jobs.start('jobs.recurring', due, async (job) => {
      // In each customer's e-invoice format, like an invoice issued by hand (issue 10).
      const result = await runDueRecurring(ctx, eInvoiceHook(ctx));
      for (const error of result.errors) job.itemFailed(error.period, error.message);
      job.progress(result.created.length + result.errors.length);
      return result;
    }, { cancellable: false }).result.catch((error: unknown) => {
      log('[sealbook] recurring run failed', error);
    });
  });
  const stopEntries = whileUnlocked(app, 'books.post', DAY_MS, (session) => {
    const ctx = invoicingContextFor(session, () => app.now());
    const due = countDueRecurringEntries(ctx);
    if (due === 0) return;
    // Each month posts (and audits books.post) in its own transaction; a closed period is reported on the job, not posted.
    app.jobs.start('jobs.bookRecurring', due, (job) => {
      const result = runDueRecurringEntries(ctx);
      for (const skipped of result.skipped) job.itemFailed(skipped.month, skipped.reason);
      job.progress(result.posted.length + result.skipped.length);
      return Promise.resolve(result);
    }, { cancellable: false }).result.catch((error: unknown) => {
      log('[sealbook] recurring entries run failed', error);
    });
  });
  return () => {
    stopInvoices();
    stopEntries();
  };
}

/**
 * Runs `work` at every unlock by a role with `permission`, then every
 * `everyMs` while that session stays current; stops at lock. Returns the uninstaller.
 */
export function whileUnlocked(app: AppState, permission: Permission, everyMs: number, work: (session: VaultSession) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const stopTimer = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const run = (session: ActiveSession): void => {
    if (app.session !== session || !(session instanceof Session) || session.isEnded) return;
    work(requireVaultSession(session));
  };
  const stopListening = app.onSessionStarted((session) => {
    stopTimer();
    if (!roleAllows(session.role, permission)) return;
    run(session);
    timer = setInterval(() => run(session), everyMs);
    timer.unref();
  });
  const stopOnLock = app.events.on('session.locked', stopTimer);
  return () => {
    stopTimer();
    stopListening();
    stopOnLock();
  };
}
