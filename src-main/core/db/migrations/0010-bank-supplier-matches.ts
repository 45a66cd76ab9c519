import type { Migration } from '../migration.js';

/**
 * Bank lines can pay received e-invoices (supplier invoices) too: the kind
 * CHECK of bank_matches gains 'supplier_invoice'. SQLite cannot alter a
 * CHECK, so the table is rebuilt with its rows and its index.
 */
export const migration0010BankSupplierMatches: Migration = {
  version: 10,
  name: 'bank-supplier-matches',
  up(db) {
    db.exec(`
      CREATE TABLE bank_matches_next (
        id             TEXT PRIMARY KEY,
        transaction_id INTEGER NOT NULL UNIQUE REFERENCES bank_transactions (id),
        kind           TEXT NOT NULL CHECK (kind IN ('invoice', 'transfer', 'expense', 'supplier_invoice')),
        target_id      TEXT NOT NULL,
        record_id      TEXT,
        label          TEXT NOT NULL,
        amount         INTEGER NOT NULL,
        created_at     TEXT NOT NULL,
        created_by     TEXT NOT NULL
      ) STRICT;
      INSERT INTO bank_matches_next SELECT id, transaction_id, kind, target_id, record_id, label, amount, created_at, created_by FROM bank_matches;
      DROP TABLE bank_matches;
      ALTER TABLE bank_matches_next RENAME TO bank_matches;
      CREATE INDEX bank_matches_target ON bank_matches (kind, target_id);
    `);
  },
};
