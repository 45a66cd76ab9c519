import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/core/db/migrate.js';
import { rekeyDb } from '../../../src-main/core/db/open.js';
import { beforeMigration } from '../../support/migration.js';

/** A template as written before the migration, then the migration, then a rekey and checkpoint. */
function upgradeTemplate(name: string, check: (db: Database.Database) => void): void {
  beforeMigration(name, (db) => {
    db.prepare("INSERT INTO customers (id, name, address, vat_id, email, created_at, updated_at) VALUES ('c', 'Acme', '{}', '', '', 'x', 'x')").run();
    db.prepare(
      `INSERT INTO recurring_templates (id, name, customer_id, currency, notes, lines, frequency, start_date, mode, created_at, updated_at)
       VALUES ('t', 'Retainer', 'c', 'EUR', '', '[]', 'monthly', '2026-01-01', 'draft', 'x', 'x')`,
    ).run();
    migrate(db);
    check(db);
    rekeyDb(db, randomBytes(32));
    expect(() => db.pragma('wal_checkpoint(TRUNCATE)')).not.toThrow();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
}

describe('recurring template migrations', () => {
  it('recurring-terms: the templates written before get no allowances and no references', () => {
    upgradeTemplate('recurring-terms', (db) => {
      expect(db.prepare("SELECT allowances, order_reference, contract_reference FROM recurring_templates WHERE id = 't'").get())
        .toEqual({ allowances: '[]', order_reference: '', contract_reference: '' });
    });
  });

  it('recurring-service-period: the templates written before state no delivery period, and an unknown choice is refused', () => {
    upgradeTemplate('recurring-service-period', (db) => {
      expect(db.prepare("SELECT service_period FROM recurring_templates WHERE id = 't'").get()).toEqual({ service_period: 'none' });
      expect(() => db.prepare("UPDATE recurring_templates SET service_period = 'weekly' WHERE id = 't'").run()).toThrow(/CHECK constraint/);
    });
  });
});
