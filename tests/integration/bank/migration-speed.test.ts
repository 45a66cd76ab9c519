import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.js';
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index.js';
import type { openEncryptedDb } from '../../../src-main/core/db/open.js';
import { beforeMigration } from '../../support/migration.js';

const search = (db: ReturnType<typeof openEncryptedDb>, query: string): number[] =>
  db.prepare('SELECT rowid FROM bank_transactions_fts WHERE bank_transactions_fts MATCH ? ORDER BY rowid').pluck().all(query) as number[];

describe('migration bank-speed', () => {
  it('keeps the lines of an older vault searchable, with ascending date indexes the newest-first list still uses', () => {
    beforeMigration('bank-speed', (db) => {
      db.prepare("INSERT INTO bank_accounts (id, name, currency, created_at, updated_at) VALUES ('a', 'Giro', 'EUR', 'x', 'x')").run();
      const insert = db.prepare("INSERT INTO bank_transactions (account_id, booking_date, amount, payee, text, dedup_key) VALUES ('a', ?, ?, ?, ?, ?)");
      insert.run('2026-01-02', -1200, 'Stadtwerke München', 'Strom Januar', 'k1');
      insert.run('2026-01-03', 5000, 'Müller GmbH', 'Rechnung 42', 'k2');
      db.exec('INSERT INTO bank_transactions_fts (rowid, payee, text, reference) SELECT id, payee, text, reference FROM bank_transactions');

      migrate(db);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      // The rebuilt index holds the lines written before the migration.
      expect(search(db, '"mül"*')).toEqual([2]);
      expect(search(db, '"stadt"* "strom"*')).toEqual([1]);
      // The update and delete triggers still keep it in step.
      db.prepare("UPDATE bank_transactions SET text = 'Gas Februar' WHERE id = 1").run();
      expect(search(db, '"strom"*')).toEqual([]);
      expect(search(db, '"gas"*')).toEqual([1]);
      db.prepare('DELETE FROM bank_transactions WHERE id = 2').run();
      expect(search(db, '"mül"*')).toEqual([]);
      const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT id FROM bank_transactions WHERE account_id = 'a' ORDER BY booking_date DESC, id DESC LIMIT 10").all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
      expect(plan).toMatch(/USING (COVERING )?INDEX bank_transactions_account_date/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'bank_transactions_date'").pluck().get()).not.toMatch(/DESC/);
    });
  });
});
