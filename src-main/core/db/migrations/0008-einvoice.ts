import type { Migration } from '../migration.js';

/**
 * E-invoices (issue 10). Version 4 on this branch so the list stays
 * gapless; it becomes 8 when merged after receipts, bank, backups and books.
 *
 * - supplier_invoices: received e-invoices. The original file (the legal
 *   original, GoBD) is a blob kept byte-exact; amounts are INTEGER minor
 *   units. A seller's invoice number and the file's bytes are each unique,
 *   so a duplicate cannot be stored even by a racing import. Rows cannot be
 *   deleted before their retention date.
 * - customer_einvoice: per customer, the format issued invoices take and the
 *   EN 16931 terms the customer record lacks (BT-10, BT-49, legal id) and
 *   the VAT category its 0 % lines take (exempt, reverse charge, export...).
 * - issued_einvoices: the XML generated for an issued invoice, as validated.
 */
export const migration0008EInvoice: Migration = {
  version: 8,
  name: 'einvoice',
  up(db) {
    db.exec(`
      CREATE TABLE supplier_invoices (
        id               TEXT PRIMARY KEY,
        status           TEXT NOT NULL CHECK (status IN ('to_review', 'confirmed')),
        file_name        TEXT NOT NULL,
        container        TEXT NOT NULL CHECK (container IN ('xml', 'pdf')),
        syntax           TEXT NOT NULL CHECK (syntax IN ('cii', 'ubl-invoice', 'ubl-creditnote')),
        original_blob_id TEXT NOT NULL REFERENCES blobs (id),
        original_sha256  TEXT NOT NULL UNIQUE,
        type_code        TEXT NOT NULL,
        number           TEXT NOT NULL,
        issue_date       TEXT NOT NULL,
        due_date         TEXT,
        currency         TEXT NOT NULL,
        seller_name      TEXT NOT NULL,
        seller_vat_id    TEXT,
        seller_key       TEXT NOT NULL,
        gross            INTEGER NOT NULL,
        data             TEXT NOT NULL,
        report           TEXT NOT NULL,
        valid            INTEGER NOT NULL CHECK (valid IN (0, 1)),
        retain_until     TEXT NOT NULL,
        received_at      TEXT NOT NULL,
        received_by      TEXT NOT NULL,
        confirmed_at     TEXT,
        confirmed_by     TEXT,
        UNIQUE (seller_key, number)
      ) STRICT;
      CREATE INDEX supplier_invoices_by_status ON supplier_invoices (status, issue_date);

      CREATE TRIGGER supplier_invoices_keep_until_retention
      BEFORE DELETE ON supplier_invoices
      WHEN date('now') <= OLD.retain_until
      BEGIN
        SELECT RAISE(ABORT, 'supplier invoice is under retention');
      END;

      CREATE TABLE customer_einvoice (
        customer_id        TEXT PRIMARY KEY REFERENCES customers (id),
        format             TEXT NOT NULL CHECK (format IN ('facturx', 'xrechnung-cii', 'xrechnung-ubl', 'pdf')),
        buyer_reference    TEXT NOT NULL DEFAULT '',
        electronic_address TEXT NOT NULL DEFAULT '',
        legal_id           TEXT NOT NULL DEFAULT '',
        zero_rate_category TEXT NOT NULL DEFAULT 'E' CHECK (zero_rate_category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
        updated_at         TEXT NOT NULL
      ) STRICT;

      CREATE TABLE issued_einvoices (
        invoice_id  TEXT PRIMARY KEY REFERENCES invoices (id),
        format      TEXT NOT NULL CHECK (format IN ('facturx', 'xrechnung-cii', 'xrechnung-ubl')),
        xml_blob_id TEXT NOT NULL REFERENCES blobs (id),
        xml_sha256  TEXT NOT NULL,
        report      TEXT NOT NULL,
        created_at  TEXT NOT NULL
      ) STRICT;
    `);
  },
};
