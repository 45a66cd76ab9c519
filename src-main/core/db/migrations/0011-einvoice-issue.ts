import type { Migration } from '../migration.js';

/**
 * The EN 16931 terms an issued invoice still lacked (issue 10 item 1):
 * document-level allowances and charges (BG-20 / BG-21), the delivery date
 * (BT-72) or invoicing period (BG-14), the purchase order (BT-13) and the
 * contract (BT-12). Amounts are INTEGER minor units, percentages and VAT
 * rates hundredths of a percent, as for lines. The allowances of an issued
 * document are as immutable as its lines.
 */
export const migration0011EInvoiceIssue: Migration = {
  version: 11,
  name: 'einvoice-issue',
  up(db) {
    db.exec(`
      ALTER TABLE invoices ADD COLUMN order_reference TEXT NOT NULL DEFAULT '';
      ALTER TABLE invoices ADD COLUMN contract_reference TEXT NOT NULL DEFAULT '';
      ALTER TABLE invoices ADD COLUMN delivery_date TEXT;
      ALTER TABLE invoices ADD COLUMN period_start TEXT;
      ALTER TABLE invoices ADD COLUMN period_end TEXT;

      CREATE TABLE invoice_allowances (
        invoice_id       TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,
        charge           INTEGER NOT NULL CHECK (charge IN (0, 1)),
        reason           TEXT NOT NULL,
        reason_code      TEXT,
        vat_rate         INTEGER NOT NULL CHECK (vat_rate BETWEEN 0 AND 10000),
        exemption_reason TEXT,
        percent          INTEGER CHECK (percent BETWEEN 0 AND 10000),
        base             INTEGER,
        amount           INTEGER NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (invoice_id, position)
      ) STRICT;

      CREATE TRIGGER invoice_allowances_insert_immutable BEFORE INSERT ON invoice_allowances
        WHEN (SELECT state FROM invoices WHERE id = NEW.invoice_id) = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
      CREATE TRIGGER invoice_allowances_update_immutable BEFORE UPDATE ON invoice_allowances
        WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
      CREATE TRIGGER invoice_allowances_delete_immutable BEFORE DELETE ON invoice_allowances
        WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
    `);
  },
};
