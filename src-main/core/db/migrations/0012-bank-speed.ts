import type { Migration } from '../migration.js';

/**
 * Bank import speed (issue 8 benchmark), measured on a 100,000-row import:
 *
 * - The date indexes were declared DESC. Statements arrive oldest first, so
 *   every new line landed at the front of a DESC index, where SQLite splits
 *   pages half-full: those two indexes took twice their size (8.5 MB of the
 *   57 MB such an import writes, each page encrypted and authenticated twice,
 *   in the WAL and at the checkpoint). Ascending indexes are appended to and
 *   fill their pages; SQLite walks them backwards for newest-first lists, so
 *   every query keeps its plan.
 * - The search index is rebuilt without its per-row column sizes
 *   (columnsize=0): they serve only bm25 ranking, which the newest-first
 *   list never uses, and cost one more b-tree insert per line. FTS5 flushes
 *   its pending terms every 1 MB into a new segment and merges segments
 *   again; 16 MB per flush writes a large import in a few segments. The
 *   delete and update triggers name the table and keep working.
 */
export const migration0012BankSpeed: Migration = {
  version: 12,
  name: 'bank-speed',
  up(db) {
    db.exec(`
      DROP INDEX bank_transactions_date;
      CREATE INDEX bank_transactions_date ON bank_transactions (booking_date, id);
      DROP INDEX bank_transactions_account_date;
      CREATE INDEX bank_transactions_account_date ON bank_transactions (account_id, booking_date, id, amount);
      DROP TABLE bank_transactions_fts;
      CREATE VIRTUAL TABLE bank_transactions_fts USING fts5 (
        payee, text, reference,
        content = 'bank_transactions', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', columnsize = 0
      );
      INSERT INTO bank_transactions_fts (bank_transactions_fts, rank) VALUES ('hashsize', 16777216);
      INSERT INTO bank_transactions_fts (bank_transactions_fts) VALUES ('rebuild');
    `);
  },
};
