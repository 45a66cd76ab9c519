import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Role } from '../../../src-shared/roles.js';
import { AppState } from '../../../src-main/core/app.js';
import { Session } from '../../../src-main/core/people/session.js';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Handlers } from '../../../src-main/ipc/handlers.js';
import { bankHandlers } from '../../../src-main/ipc/handlers/bank.js';
import { invoicingHandlers } from '../../../src-main/ipc/handlers/invoicing.js';
import { receiptsHandlers } from '../../../src-main/ipc/handlers/receipts.js';
import { setUpCompany } from '../invoices/setup.js';
import type { TestVault } from './setup.js';
import { openTestVault } from './setup.js';

export interface DispatcherHarness {
  readonly vault: TestVault;
  readonly dispatcher: Dispatcher;
  readonly signIn: (role: Role) => void;
}

/** A real vault and company behind the real dispatcher (invoicing, receipts, bank), fresh for each test. */
export function useDispatcher(): () => DispatcherHarness {
  let harness: DispatcherHarness | null = null;
  let app: AppState;
  let appDir: string;
  beforeEach(() => {
    const vault = openTestVault();
    setUpCompany(vault.ctx);
    appDir = mkdtempSync(join(tmpdir(), 'sealbook-app-'));
    app = new AppState({ mode: 'cli', version: 'test', appDataDir: appDir, now: () => vault.clock.now });
    const dispatcher = createDispatcher(app, { ...invoicingHandlers, ...receiptsHandlers, ...bankHandlers } as unknown as Handlers, { log: () => undefined });
    const signIn = (role: Role): void => {
      if (app.session instanceof Session) app.session.end();
      app.session = new Session(app, { db: vault.db, keys: { audit: vault.auditKey }, blobs: vault.blobs, lock: () => undefined }, `user-${role}`, role, role);
    };
    harness = { vault, dispatcher, signIn };
  });
  afterEach(() => {
    if (app.session instanceof Session) app.session.end();
    app.session = null;
    harness?.vault.close();
    harness = null;
    rmSync(appDir, { recursive: true, force: true });
  });
  return () => {
    if (!harness) throw new Error('useDispatcher() is only available inside a test');
    return harness;
  };
}

export async function ok<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value;
}

export const statementFile = (rows: string[]): string => Buffer.from(['Datum;Verwendungszweck;Name;Betrag', ...rows].join('\n')).toString('base64');
