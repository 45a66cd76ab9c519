import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { rekeyDb } from '../../../src-main/core/db/open.js';
import { beforeMigration } from '../../support/migration.js';

describe('migration recurring-terms', () => {
  it('gives the templates written before no allowances and no references, and the connection still rekeys and checkpoints', () => {
    beforeMigration('recurring-terms', (db) => {
      db.prepare("INSERT INTO customers (id, name, address, vat_id, email, created_at, updated_at) VALUES ('c', 'Acme', '{}', '', '', 'x', 'x')").run();
      db.prepare(
        `INSERT INTO recurring_templates (id, name, customer_id, currency, notes, lines, frequency, start_date, mode, created_at, updated_at)
         VALUES ('t', 'Retainer', 'c', 'EUR', '', '[]', 'monthly', '2026-01-01', 'draft', 'x', 'x')`,
      ).run();
      migrate(db);
      expect(db.prepare("SELECT allowances, order_reference, contract_reference FROM recurring_templates WHERE id = 't'").get())
        .toEqual({ allowances: '[]', order_reference: '', contract_reference: '' });
      rekeyDb(db, randomBytes(32));
      expect(() => db.pragma('wal_checkpoint(TRUNCATE)')).not.toThrow();
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  });
});
