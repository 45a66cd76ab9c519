import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { issueInvoice } from '../../../src-main/core/invoices/documents.js';
import { newCustomerId, newDraftId, openTestVault, setUpCompany } from '../invoices/setup.js';
import type { TestVault } from '../invoices/setup.js';

let vault: TestVault | null = null;
afterEach(() => {
  vault?.close();
  vault = null;
});

describe('migration einvoice-issue (reserved 0011)', () => {
  it('adds the delivery and reference columns and the allowances table, immutable once issued', async () => {
    const index = MIGRATIONS.findIndex((m) => m.name === 'einvoice-issue');
    expect(index).toBeGreaterThan(0);
    vault = openTestVault();
    expect(schemaVersion(vault.db)).toBe(MIGRATIONS.length);
    const columns = (vault.db.prepare('SELECT name FROM pragma_table_info(?)').all('invoices') as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['order_reference', 'contract_reference', 'delivery_date', 'period_start', 'period_end']));
    setUpCompany(vault.ctx);
    const id = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    await issueInvoice(vault.ctx, id);
    const insert = (): unknown =>
      vault?.db.prepare("INSERT INTO invoice_allowances (invoice_id, position, charge, reason, vat_rate, amount) VALUES (?, 0, 0, 'x', 1900, 100)").run(id);
    expect(insert).toThrow(/immutable/);
  });

  it('migrates a vault at the version before it forward, keeping its invoices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealbook-mig-eii-'));
    try {
      const db = openEncryptedDb(join(dir, 'vault.db'), randomBytes(32));
      const version = MIGRATIONS.findIndex((m) => m.name === 'einvoice-issue') + 1;
      migrate(db, MIGRATIONS, version - 1);
      db.prepare("INSERT INTO customers (id, name, address, created_at, updated_at) VALUES ('c', 'C', '{}', 'now', 'now')").run();
      db.prepare("INSERT INTO invoices (id, kind, state, customer_id, customer, currency, net, vat, gross, totals, created_at, updated_at) VALUES ('i', 'invoice', 'draft', 'c', '{}', 'EUR', 0, 0, 0, '{}', 'now', 'now')").run();
      expect(migrate(db)).toEqual({ from: version - 1, to: MIGRATIONS.length });
      expect(db.prepare("SELECT order_reference, delivery_date FROM invoices WHERE id = 'i'").get()).toEqual({ order_reference: '', delivery_date: null });
      expect(db.prepare('SELECT COUNT(*) AS n FROM invoice_allowances').get()).toEqual({ n: 0 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
