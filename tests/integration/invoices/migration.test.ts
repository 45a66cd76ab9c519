import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';

describe('migration 0003-invoicing', () => {
  it('migrates a version-2 vault forward and survives reopening with the same key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealbook-mig-'));
    const key = randomBytes(32);
    try {
      const db = openEncryptedDb(join(dir, 'vault.db'), key);
      migrate(db, MIGRATIONS, 2);
      expect(schemaVersion(db)).toBe(2);
      db.close();
      const reopened = openEncryptedDb(join(dir, 'vault.db'), key, { mustExist: true });
      expect(migrate(reopened)).toEqual({ from: 2, to: MIGRATIONS.length });
      expect(MIGRATIONS[2]?.name).toBe('invoicing');
      const tables = (reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(
        expect.arrayContaining(['company_profile', 'seal_identities', 'customers', 'number_series', 'invoices', 'invoice_lines', 'invoice_payments', 'recurring_templates', 'recurring_runs']),
      );
      expect(reopened.pragma('foreign_key_check')).toEqual([]);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
