import type { Migration } from '../migration.js';

/**
 * Invoicing (issue 4). Amounts are INTEGER minor units, quantities thousandths,
 * unit prices ten-thousandths, VAT rates hundredths of a percent (see
 * src-shared/money.ts). Issued documents are immutable in the schema itself:
 * triggers refuse any change to an issued row or its lines, so a bug in a
 * service cannot rewrite a sealed invoice.
 */
export const migration0003Invoicing: Migration = {
  version: 3,
  name: 'invoicing',
  up(db) {
    db.exec(`
      CREATE TABLE company_profile (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        data         TEXT NOT NULL,
        logo_blob_id TEXT REFERENCES blobs (id),
        logo_mime    TEXT CHECK (logo_mime IN ('image/png', 'image/jpeg')),
        updated_at   TEXT NOT NULL
      ) STRICT;

      -- Every seal the vault has used; the newest row seals new documents, all
      -- of them still count as "this vault" when a PDF is verified.
      CREATE TABLE seal_identities (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        source               TEXT NOT NULL CHECK (source IN ('generated', 'imported')),
        certificate_pem      TEXT NOT NULL,
        chain_pem            TEXT NOT NULL,
        private_key_pem      TEXT NOT NULL,
        root_private_key_pem TEXT,
        fingerprint_sha256   TEXT NOT NULL UNIQUE,
        created_at           TEXT NOT NULL
      ) STRICT;

      CREATE TABLE customers (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        address    TEXT NOT NULL,
        vat_id     TEXT NOT NULL DEFAULT '',
        email      TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

      -- One gapless counter per series and period key, e.g. 'invoice:2026-{N}'.
      CREATE TABLE number_series (
        series_key TEXT PRIMARY KEY,
        last       INTEGER NOT NULL CHECK (last >= 1)
      ) STRICT;

      CREATE TABLE invoices (
        id            TEXT PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
        state         TEXT NOT NULL CHECK (state IN ('draft', 'issued')),
        number        TEXT UNIQUE,
        customer_id   TEXT NOT NULL REFERENCES customers (id),
        customer      TEXT NOT NULL,
        seller        TEXT,
        currency      TEXT NOT NULL,
        exchange_rate TEXT,
        issue_date    TEXT,
        due_date      TEXT,
        notes         TEXT NOT NULL DEFAULT '',
        net           INTEGER NOT NULL,
        vat           INTEGER NOT NULL,
        gross         INTEGER NOT NULL,
        totals        TEXT NOT NULL,
        credited_id   TEXT REFERENCES invoices (id),
        credit_reason TEXT,
        pdf_blob_id   TEXT REFERENCES blobs (id),
        sha256        TEXT,
        issued_at     TEXT,
        issued_by     TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        CHECK (state = 'draft' OR (number IS NOT NULL AND sha256 IS NOT NULL AND pdf_blob_id IS NOT NULL AND issue_date IS NOT NULL)),
        CHECK ((kind = 'credit_note') = (credited_id IS NOT NULL))
      ) STRICT;
      CREATE INDEX invoices_customer ON invoices (customer_id);
      CREATE INDEX invoices_issue_date ON invoices (issue_date);
      CREATE INDEX invoices_credited ON invoices (credited_id);

      CREATE TABLE invoice_lines (
        invoice_id       TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,
        description      TEXT NOT NULL,
        quantity         INTEGER NOT NULL,
        unit             TEXT NOT NULL,
        unit_price       INTEGER NOT NULL,
        vat_rate         INTEGER NOT NULL CHECK (vat_rate BETWEEN 0 AND 10000),
        exemption_reason TEXT,
        discount         INTEGER NOT NULL DEFAULT 0,
        net              INTEGER NOT NULL,
        PRIMARY KEY (invoice_id, position)
      ) STRICT;

      CREATE TRIGGER invoices_issued_immutable BEFORE UPDATE ON invoices WHEN OLD.state = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
      CREATE TRIGGER invoices_issued_undeletable BEFORE DELETE ON invoices WHEN OLD.state = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
      CREATE TRIGGER invoice_lines_insert_immutable BEFORE INSERT ON invoice_lines
        WHEN (SELECT state FROM invoices WHERE id = NEW.invoice_id) = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
      CREATE TRIGGER invoice_lines_update_immutable BEFORE UPDATE ON invoice_lines
        WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;
      CREATE TRIGGER invoice_lines_delete_immutable BEFORE DELETE ON invoice_lines
        WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) = 'issued'
      BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

      CREATE TABLE invoice_payments (
        id         TEXT PRIMARY KEY,
        invoice_id TEXT NOT NULL REFERENCES invoices (id),
        amount     INTEGER NOT NULL CHECK (amount > 0),
        date       TEXT NOT NULL,
        method     TEXT NOT NULL,
        reference  TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id);

      CREATE TABLE recurring_templates (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        customer_id   TEXT NOT NULL REFERENCES customers (id),
        currency      TEXT NOT NULL,
        exchange_rate TEXT,
        notes         TEXT NOT NULL DEFAULT '',
        lines         TEXT NOT NULL,
        frequency     TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'yearly')),
        start_date    TEXT NOT NULL,
        end_date      TEXT,
        mode          TEXT NOT NULL CHECK (mode IN ('draft', 'issue')),
        active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;

      -- A period runs at most once, even across crashes and two processes.
      CREATE TABLE recurring_runs (
        template_id TEXT NOT NULL REFERENCES recurring_templates (id),
        period      TEXT NOT NULL,
        -- Deleting the draft a run made leaves the period consumed.
        invoice_id  TEXT REFERENCES invoices (id) ON DELETE SET NULL,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (template_id, period)
      ) STRICT;
    `);
  },
};
