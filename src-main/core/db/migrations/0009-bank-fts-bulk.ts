import type { Migration } from '../migration.js';

/**
 * Bank import speed (issue 8 benchmark): the per-row FTS insert trigger made
 * a 100,000-row import spend most of its time in one FTS5 statement per row.
 * The importer now fills the external-content index in one INSERT ... SELECT
 * after the rows of a batch; the delete and update triggers stay.
 *
 * The per-account index also carries the amount, so the account summaries on
 * the first screen (balance, count, last date) read only that index, not
 * every row of a million-line vault. It replaces the index it extends.
 */
export const migration0009BankFtsBulk: Migration = {
  version: 9,
  name: 'bank-fts-bulk',
  up(db) {
    db.exec(`
      DROP TRIGGER bank_transactions_fts_insert;
      DROP INDEX bank_transactions_account_date;
      CREATE INDEX bank_transactions_account_date ON bank_transactions (account_id, booking_date DESC, id DESC, amount);
    `);
  },
};
