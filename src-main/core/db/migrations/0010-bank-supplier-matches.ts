import type { Migration } from '../migration.js';

const OLD_CHECK = "CHECK (kind IN ('invoice', 'transfer', 'expense'))";
const NEW_CHECK = "CHECK (kind IN ('invoice', 'transfer', 'expense', 'supplier_invoice'))";

/**
 * Bank lines can pay received e-invoices (supplier invoices) too: the kind
 * CHECK of bank_matches gains 'supplier_invoice'. A wider CHECK changes no
 * stored row, so the table's definition is edited in place: the procedure
 * SQLite's ALTER TABLE documentation gives for removing or relaxing
 * constraints. (A rebuild with ALTER TABLE ... RENAME left this connection
 * unable to checkpoint after a rekey, which master-key rotation does.)
 */
export const migration0010BankSupplierMatches: Migration = {
  version: 10,
  name: 'bank-supplier-matches',
  up(db) {
    const row = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'bank_matches'").get() as { sql: string } | undefined;
    if (!row?.sql.includes(OLD_CHECK)) throw new Error('bank_matches is not as migration 0005 made it; refusing to edit its definition.');
    const version = db.pragma('schema_version', { simple: true }) as number;
    // better-sqlite3's defensive mode forbids writing the schema; lifted for these two statements only.
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    try {
      db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'bank_matches'").run(row.sql.replace(OLD_CHECK, NEW_CHECK));
      // A new schema version makes every connection re-read the definition.
      db.pragma(`schema_version = ${String(version + 1)}`);
    } finally {
      db.pragma('writable_schema = OFF');
      db.unsafeMode(false);
    }
    // The edited definition is parsed again here, inside the migration's transaction: a fault rolls it all back.
    db.prepare('SELECT count(*) FROM bank_matches').get();
  },
};
