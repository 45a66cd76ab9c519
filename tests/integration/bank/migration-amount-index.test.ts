import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3-multiple-ciphers';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import { beforeMigration } from '../../support/migration.js';

const plan = (db: Database.Database, sql: string): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('\n');

describe('migration bank-amount-in-date-index', () => {
  it('drops the amount index; amount filters and transfer lookups use the date indexes, with the amount in them', () => {
    beforeMigration('bank-amount-in-date-index', (db) => {
      db.prepare("INSERT INTO bank_accounts (id, name, currency, created_at, updated_at) VALUES ('a', 'Giro', 'EUR', 'x', 'x'), ('b', 'Spar', 'EUR', 'x', 'x')").run();
      const insert = db.prepare('INSERT INTO bank_transactions (account_id, booking_date, amount, text, dedup_key) VALUES (?, ?, ?, ?, ?)');
      insert.run('a', '2026-01-02', -1200, 'Strom', 'k1');
      insert.run('b', '2026-01-03', 5000, 'Umbuchung', 'k2');
      insert.run('a', '2026-01-03', -5000, 'Umbuchung', 'k3');

      migrate(db);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'bank_transactions_amount'").get()).toBeUndefined();
      const columns = db.prepare("SELECT name FROM pragma_index_info('bank_transactions_date') ORDER BY seqno").pluck().all();
      expect(columns).toEqual(['booking_date', 'id', 'amount']);

      // The newest-first list over all accounts, filtered by amount: walks the date index, no sort.
      const list = 'SELECT t.id FROM bank_transactions t WHERE t.amount >= -2000 AND t.amount <= 0 ORDER BY t.booking_date DESC, t.id DESC LIMIT 10';
      expect(plan(db, list)).toMatch(/USING (COVERING )?INDEX bank_transactions_date/);
      expect(plan(db, list)).not.toMatch(/TEMP B-TREE/);
      expect(db.prepare(list).pluck().all()).toEqual([1]);
      // A transfer's other half: same amount, opposite sign, within days, another account.
      const transfer = "SELECT t.id FROM bank_transactions t WHERE t.account_id != 'a' AND t.amount = 5000 AND t.matched = 0 AND t.booking_date BETWEEN '2026-01-01' AND '2026-01-05'";
      expect(plan(db, transfer)).toMatch(/INDEX bank_transactions_date \(booking_date>\? AND booking_date<\?\)/);
      expect(db.prepare(transfer).pluck().all()).toEqual([2]);
    });
  });
});
