import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { rekeyDb } from '../../../src-main/core/db/open.js';
import { beforeMigration } from '../../support/migration.js';

describe('migration bank-supplier-matches', () => {
  it('keeps an older vault\'s matches, takes supplier-invoice matches, still refuses unknown kinds, and the connection still rekeys and checkpoints', () => {
    beforeMigration('bank-supplier-matches', (db) => {
      db.prepare("INSERT INTO bank_accounts (id, name, currency, created_at, updated_at) VALUES ('a', 'Giro', 'EUR', 'x', 'x')").run();
      const line = db.prepare("INSERT INTO bank_transactions (account_id, booking_date, amount, payee, text, dedup_key) VALUES ('a', '2026-01-02', -1190, 'Telekom', 'Router', ?)");
      const match = db.prepare("INSERT INTO bank_matches (id, transaction_id, kind, target_id, label, amount, created_at, created_by) VALUES (?, ?, ?, 'x', 'label', -1190, 'x', 'anna')");
      match.run('m1', Number(line.run('k1').lastInsertRowid), 'expense');

      migrate(db);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(db.prepare('SELECT id, kind FROM bank_matches').all()).toEqual([{ id: 'm1', kind: 'expense' }]);
      match.run('m2', Number(line.run('k2').lastInsertRowid), 'supplier_invoice');
      expect(() => match.run('m3', Number(line.run('k3').lastInsertRowid), 'gift')).toThrow(/CHECK constraint failed/);
      // Master-key rotation rekeys the connection that migrated; it must still checkpoint (lock does).
      rekeyDb(db, randomBytes(32));
      expect(() => db.pragma('wal_checkpoint(TRUNCATE)')).not.toThrow();
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  });
});
