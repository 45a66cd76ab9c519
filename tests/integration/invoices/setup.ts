import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { InvoiceLineInput } from '../../../src-shared/contract-invoicing.js';
import type { Role } from '../../../src-shared/roles.js';
import { AppState } from '../../../src-main/core/app.js';
import { Session } from '../../../src-main/core/people/session.js';
import { createDispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.js';
import type { Handlers } from '../../../src-main/ipc/handlers.js';
import { invoicingHandlers } from '../../../src-main/ipc/handlers/invoicing.js';
import { appendAudit } from '../../../src-main/core/audit/chain.js';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { updateCompany } from '../../../src-main/core/invoices/company.js';
import type { InvoicingContext } from '../../../src-main/core/invoices/context.js';
import { createCustomer } from '../../../src-main/core/invoices/customers.js';
import { createDraft } from '../../../src-main/core/invoices/drafts.js';
import { BlobStore } from '../../../src-main/core/vault/blobs.js';

export interface TestVault {
  readonly dir: string;
  readonly db: Database.Database;
  readonly blobs: BlobStore;
  readonly auditKey: Buffer;
  readonly clock: { now: Date };
  readonly ctx: InvoicingContext;
  close(): void;
}

/** A real SQLCipher vault DB (random key) in a temp dir, migrated to the latest version, with real blobs and audit chain. */
export function openTestVault(start = '2026-11-24T09:00:00Z'): TestVault {
  const dir = mkdtempSync(join(tmpdir(), 'sealbook-invoices-'));
  const db = openEncryptedDb(join(dir, 'vault.db'), randomBytes(32));
  migrate(db);
  const clock = { now: new Date(start) };
  const blobs = new BlobStore(dir, () => db, () => clock.now);
  const auditKey = randomBytes(32);
  const ctx: InvoicingContext = {
    db,
    blobs,
    now: () => clock.now,
    actor: 'alice',
    transaction: (fn) => db.transaction(fn)(),
    audit: (entry) => {
      appendAudit(db, auditKey, { ...entry, actor: 'alice', at: clock.now });
    },
  };
  return {
    dir,
    db,
    blobs,
    auditKey,
    clock,
    ctx,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function setUpCompany(ctx: InvoicingContext): void {
  updateCompany(ctx, {
    legalName: 'Müller & Söhne GmbH',
    address: { street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' },
    vatId: 'DE123456789',
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    paymentTermsDays: 30,
  });
}

export const LINE: InvoiceLineInput = { description: 'Consulting', quantity: '2.5', unitPrice: '33.33', vatRate: '19' };

export function newCustomerId(ctx: InvoicingContext, name = 'Acme SARL'): string {
  return createCustomer(ctx, { name, address: { street: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' }, vatId: 'FR12345678901' }).id;
}

export function newDraftId(ctx: InvoicingContext, customerId: string, lines: InvoiceLineInput[] = [LINE]): string {
  return createDraft(ctx, { customerId, lines, notes: '' }).id;
}

export function auditRows(db: Database.Database): { seq: number; action: string; subject: string; details: string }[] {
  return db.prepare('SELECT seq, action, subject, details FROM audit_log ORDER BY seq').all() as {
    seq: number;
    action: string;
    subject: string;
    details: string;
  }[];
}

export interface InvoicingDispatcher {
  readonly dispatcher: Dispatcher;
  /** A real people Session over the test vault's DB, audit key and blob store. */
  signIn(role: Role, name?: string): void;
  close(): void;
}

/** The real dispatcher with only the invoicing handlers, over a test vault. */
export function invoicingDispatcher(vault: TestVault): InvoicingDispatcher {
  const appDir = mkdtempSync(join(tmpdir(), 'sealbook-app-'));
  const app = new AppState({ mode: 'cli', version: 'test', appDataDir: appDir, now: () => vault.clock.now });
  const dispatcher = createDispatcher(app, invoicingHandlers as unknown as Handlers, { log: () => undefined });
  const endSession = (): void => {
    if (app.session instanceof Session) app.session.end();
    app.session = null;
  };
  return {
    dispatcher,
    signIn: (role, name = role) => {
      endSession();
      const sessionVault = { db: vault.db, keys: { audit: vault.auditKey }, blobs: vault.blobs, lock: () => undefined };
      app.session = new Session(app, sessionVault, `user-${name}`, name, role);
    },
    close: () => {
      endSession();
      rmSync(appDir, { recursive: true, force: true });
    },
  };
}
