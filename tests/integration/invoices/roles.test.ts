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
import { invoicingHandlers } from '../../../src-main/ipc/handlers/invoicing.js';
import type { TestVault } from './setup.js';
import { LINE, auditRows, openTestVault, setUpCompany } from './setup.js';

let vault: TestVault;
let appDir: string;
let app: AppState;
let dispatcher: Dispatcher;

beforeEach(() => {
  vault = openTestVault();
  setUpCompany(vault.ctx);
  appDir = mkdtempSync(join(tmpdir(), 'sealbook-app-'));
  app = new AppState({ mode: 'cli', version: 'test', appDataDir: appDir, now: () => vault.clock.now });
  // Only invoicing channels are called here; the other features' handlers are not needed.
  dispatcher = createDispatcher(app, invoicingHandlers as unknown as Handlers, { log: () => undefined });
});
afterEach(() => {
  if (app.session instanceof Session) app.session.end();
  app.session = null;
  vault.close();
  rmSync(appDir, { recursive: true, force: true });
});

/** A real people Session over the test vault's DB, audit key and blob store. */
function signIn(role: Role, name = role): void {
  const sessionVault = { db: vault.db, keys: { audit: vault.auditKey }, blobs: vault.blobs, lock: () => undefined };
  const previous = app.session;
  if (previous instanceof Session) previous.end();
  app.session = new Session(app, sessionVault, `user-${name}`, name, role);
}

async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value;
}

describe('invoicing roles through the dispatcher', () => {
  it('bookkeeper drafts but cannot issue, credit, delete, pay or set up auto-issuing', async () => {
    signIn('accountant');
    const customer = await ok(dispatcher.call('customers.create', { name: 'Acme SARL' }));
    signIn('bookkeeper');
    const draft = await ok(dispatcher.call('invoices.createDraft', { customerId: customer.id, lines: [LINE] }));
    expect(draft.totals.gross).toBe('99.16');
    for (const [channel, input] of [
      ['invoices.issue', { id: draft.id }],
      ['invoices.deleteDraft', { id: draft.id }],
      ['invoices.credit', { id: draft.id }],
      ['invoices.pay', { id: draft.id, amount: '1', date: '2026-11-24' }],
      ['company.update', { legalName: 'X' }],
    ] as const) {
      const result = await dispatcher.invoke(channel, input);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const template = await dispatcher.invoke('recurring.create', {
      name: 'Auto', customerId: customer.id, lines: [LINE], frequency: 'monthly', startDate: '2026-12-01', mode: 'issue',
    });
    expect(template).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    signIn('accountant');
    const auto = await ok(dispatcher.call('recurring.create', {
      name: 'Auto', customerId: customer.id, lines: [LINE], frequency: 'monthly', startDate: '2026-12-01', mode: 'issue',
    }));
    signIn('bookkeeper');
    const edit = await dispatcher.invoke('recurring.update', { id: auto.id, lines: [{ ...LINE, quantity: '99' }] });
    expect(edit).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The CLI's one-line address form.
    const cliCustomer = await ok(dispatcher.call('customers.create', { name: 'CLI GmbH', address: 'Weg 1, 12345 Ort' }));
    expect(cliCustomer.address.street).toBe('Weg 1, 12345 Ort');
    expect(auditRows(vault.db).filter((r) => r.action === 'access.denied').map((r) => r.subject)).toContain('invoices.issue');

    signIn('accountant');
    const issued = await ok(dispatcher.call('invoices.issue', { id: draft.id }));
    expect(issued.number).toBe('2026-0001');
  });

  it('auditor only reads: lists and opens PDFs, changes nothing', async () => {
    signIn('owner');
    const customer = await ok(dispatcher.call('customers.create', { name: 'Acme SARL' }));
    const draft = await ok(dispatcher.call('invoices.createDraft', { customerId: customer.id, lines: [LINE] }));
    await ok(dispatcher.call('invoices.issue', { id: draft.id }));
    signIn('auditor');
    expect((await ok(dispatcher.call('invoices.list', {}))).total).toBe(1);
    const pdf = await ok(dispatcher.call('invoices.pdf', { id: draft.id }));
    const verdict = await ok(dispatcher.call('pdf.verify', { pdfBase64: pdf.pdfBase64 }));
    expect(verdict).toMatchObject({ sealed: true, intact: true, thisVault: true });
    for (const channel of ['invoices.createDraft', 'customers.create', 'recurring.runDue', 'seal.create'] as const) {
      const result = await dispatcher.invoke(channel, channel === 'invoices.createDraft' ? { customerId: customer.id, lines: [LINE] } : { name: 'x' });
      expect(result, channel).toMatchObject({ ok: false });
      if (result.ok) continue;
      expect(['FORBIDDEN', 'VALIDATION']).toContain(result.error.code);
    }
    expect((await dispatcher.invoke('recurring.runDue', {})) as unknown).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('validation errors carry field paths; immutability is a CONFLICT pointing to credit notes', async () => {
    signIn('owner');
    const customer = await ok(dispatcher.call('customers.create', { name: 'Acme SARL' }));
    const bad = await dispatcher.invoke('invoices.createDraft', {
      customerId: customer.id,
      lines: [{ description: 'x', quantity: '1', unitPrice: '12,5', vatRate: '0' }],
    });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { 'lines.0.unitPrice': "Line 1: Unit price '12,5' is not a number like 12.50.", 'lines.0.exemptionReason': expect.any(String) as unknown },
      },
    });
    const draft = await ok(dispatcher.call('invoices.createDraft', { customerId: customer.id, lines: [LINE] }));
    await ok(dispatcher.call('invoices.issue', { id: draft.id }));
    const edit = await dispatcher.invoke('invoices.updateDraft', { id: draft.id, customerId: customer.id, lines: [LINE] });
    expect(edit).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('credit note') as unknown } });
    // Without a session, verification still answers, without "this vault".
    app.session = null;
    const pdfResult = await dispatcher.invoke('pdf.verify', { pdfBase64: Buffer.from('%PDF-1.7\n%%EOF').toString('base64') });
    expect(pdfResult).toEqual({ ok: true, value: { sealed: false, intact: false, signer: null } });
  });
});
