import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../src-shared/roles.js';
import { AppState } from '../../../src-main/core/app.js';
import { issueInvoice } from '../../../src-main/core/invoices/documents.js';
import { Session } from '../../../src-main/core/people/session.js';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Handlers } from '../../../src-main/ipc/handlers.js';
import { bankHandlers } from '../../../src-main/ipc/handlers/bank.js';
import { invoicingHandlers } from '../../../src-main/ipc/handlers/invoicing.js';
import { newCustomerId, newDraftId, setUpCompany } from '../invoices/setup.js';
import type { TestVault } from './setup.js';
import { auditRows, openTestVault } from './setup.js';

let vault: TestVault;
let appDir: string;
let app: AppState;
let dispatcher: Dispatcher;

beforeEach(() => {
  vault = openTestVault();
  setUpCompany(vault.ctx);
  appDir = mkdtempSync(join(tmpdir(), 'sealbook-app-'));
  app = new AppState({ mode: 'cli', version: 'test', appDataDir: appDir, now: () => vault.clock.now });
  dispatcher = createDispatcher(app, { ...invoicingHandlers, ...bankHandlers } as unknown as Handlers, { log: () => undefined });
});
afterEach(() => {
  if (app.session instanceof Session) app.session.end();
  app.session = null;
  vault.close();
  rmSync(appDir, { recursive: true, force: true });
});

function signIn(role: Role): void {
  if (app.session instanceof Session) app.session.end();
  app.session = new Session(app, { db: vault.db, keys: { audit: vault.auditKey }, blobs: vault.blobs, lock: () => undefined }, `user-${role}`, role, role);
}

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value;
}

const file = (rows: string[]) => Buffer.from(['Datum;Verwendungszweck;Name;Betrag', ...rows].join('\n')).toString('base64');

describe('bank roles through the dispatcher', () => {
  it('bookkeepers import and categorise, owner and accountant accept matches, auditors read', async () => {
    const invoiceId = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    const { number } = await issueInvoice(vault.ctx, invoiceId);

    signIn('bookkeeper');
    const denied = await dispatcher.call('bank.accounts.create', { name: 'Giro' });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    signIn('owner');
    const account = await ok(dispatcher.call('bank.accounts.create', { name: 'Giro', iban: 'DE89370400440532013000' }));

    signIn('bookkeeper');
    const imported = await ok(dispatcher.call('bank.import', { account: 'Giro', fileName: 'dez.csv', dataBase64: file([`01.12.2026;${number};Acme SARL;99,16`]) }));
    expect(imported).toMatchObject({ new: 1, format: 'csv' });
    const [line] = (await ok(dispatcher.call('bank.transactions.list', { filter: { accountId: account.id } }))).rows;
    if (!line) throw new Error('no line');
    const category = await ok(dispatcher.call('bank.categories.create', { name: 'Umsatz' }));
    expect(await ok(dispatcher.call('bank.transactions.categorise', { id: line.id, categoryId: category.id }))).toEqual({ learnedRule: 'Acme SARL' });
    const [suggestion] = await ok(dispatcher.call('bank.matches.suggest', { transactionId: line.id }));
    expect(suggestion).toMatchObject({ kind: 'invoice', targetId: invoiceId });
    expect(await dispatcher.call('bank.matches.accept', { transactionId: line.id, kind: 'invoice', targetId: invoiceId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    signIn('auditor');
    expect((await ok(dispatcher.call('bank.transactions.list', { filter: { search: 'acme' } }))).rows).toHaveLength(1);
    expect(await dispatcher.call('bank.import', { account: 'Giro', fileName: 'x.csv', dataBase64: file(['02.12.2026;x;y;1,00']) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    signIn('accountant');
    await ok(dispatcher.call('bank.matches.accept', { transactionId: line.id, kind: 'invoice', targetId: invoiceId }));
    expect(await ok(dispatcher.call('invoices.get', { id: invoiceId }))).toMatchObject({ status: 'paid' });
    await ok(dispatcher.call('bank.matches.undo', { transactionId: line.id }));
    expect(await ok(dispatcher.call('invoices.get', { id: invoiceId }))).toMatchObject({ status: 'issued', balance: '99.16' });

    const rows = auditRows(vault.db);
    expect(rows.filter((r) => r.action === 'access.denied').map((r) => r.subject)).toEqual(['bank.accounts.create', 'bank.matches.accept', 'bank.import']);
    const accept = rows.find((r) => r.action === 'bank.match.accept');
    expect(accept?.seq).toBe((rows.find((r) => r.action === 'invoices.pay')?.seq ?? 0) + 1);
  });

  it('rejects an invalid mapping at the boundary with the field named', async () => {
    signIn('owner');
    const result = await dispatcher.call('bank.csv.preview', { dataBase64: file(['01.12.2026;a;b;1,00']), mapping: { encoding: 'auto' } as never });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const preview = await ok(dispatcher.call('bank.csv.preview', { dataBase64: file(['01.12.2026;a;b;1,00']) }));
    expect(preview).toMatchObject({ header: ['Datum', 'Verwendungszweck', 'Name', 'Betrag'], rows: [{ line: 2, date: '2026-12-01', amount: '1.00', error: null }] });
  });
});
