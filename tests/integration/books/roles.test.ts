import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../src-shared/roles.js';
import { AppState } from '../../../src-main/core/app.js';
import { Session } from '../../../src-main/core/people/session.js';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Handlers } from '../../../src-main/ipc/handlers.js';
import { booksHandlers } from '../../../src-main/ipc/handlers/books.js';
import { invoicingHandlers } from '../../../src-main/ipc/handlers/invoicing.js';
import type { TestVault } from './setup.js';
import { auditRows, issued, openBooksVault } from './setup.js';

/** The real dispatcher (validate, authorize, run, audit) with the books and invoicing handlers over a test vault. */
let vault: TestVault;
let appDir: string;
let dispatcher: Dispatcher;
let app: AppState;

function signIn(role: Role): void {
  if (app.session instanceof Session) app.session.end();
  app.session = new Session(app, { db: vault.db, keys: { audit: vault.auditKey }, blobs: vault.blobs, lock: () => undefined }, `user-${role}`, role, role);
}

beforeEach(() => {
  vault = openBooksVault('skr03');
  appDir = mkdtempSync(join(tmpdir(), 'sealbook-books-app-'));
  app = new AppState({ mode: 'cli', version: 'test', appDataDir: appDir, now: () => vault.clock.now });
  dispatcher = createDispatcher(app, { ...invoicingHandlers, ...booksHandlers } as unknown as Handlers, { log: () => undefined });
});
afterEach(() => {
  if (app.session instanceof Session) app.session.end();
  vault.close();
  rmSync(appDir, { recursive: true, force: true });
});

const entry = {
  date: '2026-11-05',
  text: 'Porto',
  voucher: 'Q-5',
  lines: [{ account: '4910', debit: '5.00' }, { account: '1000', credit: '5.00' }],
};

describe('books roles through the dispatcher', () => {
  it('a bookkeeper drafts, cannot post; the accountant posts the draft (four eyes)', async () => {
    signIn('bookkeeper');
    const draft = await dispatcher.call('books.draft', entry);
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value.state).toBe('draft');
    expect(await dispatcher.call('books.post', { id: draft.value.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatcher.call('books.postManual', entry)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    signIn('accountant');
    expect(await dispatcher.call('books.post', { id: draft.value.id })).toMatchObject({ ok: true, value: { state: 'posted', number: '2026-000001' } });
  });

  it('owner and accountant close; only the owner reopens, with a reason; both land in the audit log', async () => {
    signIn('accountant');
    expect(await dispatcher.call('books.close', { period: '2026-10' })).toMatchObject({ ok: true, value: { period: '2026-10', closedBy: 'accountant' } });
    expect(await dispatcher.call('books.reopen', { period: '2026-10', reason: 'Correction' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    signIn('owner');
    expect(await dispatcher.call('books.reopen', { period: '2026-10', reason: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatcher.call('books.reopen', { period: '2026-10', reason: 'Late invoice from the landlord' })).toMatchObject({ ok: true });
    const rows = auditRows(vault.db);
    expect(rows.filter((r) => r.action === 'books.close' || r.action === 'books.reopen').map((r) => r.action)).toEqual(['books.close', 'books.reopen']);
    expect(rows.some((r) => r.action === 'access.denied' && r.subject === 'books.reopen')).toBe(true);
  });

  it('an auditor reads every report (audited) but cannot post, close or export', async () => {
    await issued(vault);
    signIn('auditor');
    for (const [channel, input] of [
      ['books.trialBalance', { from: '2026-01-01', to: '2026-12-31' }],
      ['books.pnl', { from: '2026-01-01', to: '2026-12-31' }],
      ['books.balanceSheet', { to: '2026-12-31' }],
      ['books.vat', { from: '2026-11-01', to: '2026-11-30' }],
      ['books.aging', { to: '2026-12-31' }],
      ['books.ledger', { from: '2026-01-01', to: '2026-12-31', account: '1400' }],
      ['books.cashflow', { from: '2026-01-01', to: '2026-12-31' }],
      ['books.dashboard', {}],
    ] as const) {
      const result = await dispatcher.call(channel, input);
      expect([channel, result.ok]).toEqual([channel, true]);
    }
    expect(auditRows(vault.db).filter((r) => r.action === 'books.trialBalance')).toHaveLength(1);
    expect(await dispatcher.call('books.export', { format: 'journal', from: '2026-01-01', to: '2026-12-31' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatcher.call('books.close', { period: '2026-11' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatcher.call('books.postManual', entry)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('an attached voucher comes back byte-exact with its hash, and opening it is audited', async () => {
    signIn('accountant');
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const posted = await dispatcher.call('books.postManual', { ...entry, voucher: undefined, attachments: [{ fileName: 'porto.pdf', base64: pdf.toString('base64') }] });
    if (!posted.ok) throw new Error(posted.error.message);
    signIn('auditor');
    const blobId = posted.value.attachments[0]?.blobId ?? '';
    const file = await dispatcher.call('books.attachment', { entryId: posted.value.id, blobId });
    expect(file).toMatchObject({ ok: true, value: { fileName: 'porto.pdf', mime: 'application/pdf', base64: pdf.toString('base64'), sha256: createHash('sha256').update(pdf).digest('hex') } });
    expect(auditRows(vault.db).some((r) => r.action === 'document.open' && r.subject === `entry:${posted.value.id}`)).toBe(true);
  });

  it('drill-down: a trial balance figure leads to the ledger lines, their entries and the invoice behind them', async () => {
    const invoiceId = await issued(vault);
    signIn('owner');
    const ledger = await dispatcher.call('books.ledger', { from: '2026-11-01', to: '2026-11-30', account: '8400' });
    if (!ledger.ok) throw new Error(ledger.error.message);
    const [line] = ledger.value.lines;
    expect(line).toMatchObject({ credit: '100.00', voucher: { type: 'invoice', id: invoiceId, number: '2026-0001' } });
    const found = await dispatcher.call('books.entries', { source: 'invoice', sourceId: invoiceId });
    expect(found).toMatchObject({ ok: true, value: { total: 1 } });
    const invoice = await dispatcher.call('invoices.get', { id: line?.voucher.id ?? '' });
    expect(invoice).toMatchObject({ ok: true, value: { number: '2026-0001' } });
  });
});
