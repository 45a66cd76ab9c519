import type { Migration } from '../migration.js';

/**
 * Receipts and expenses (issue 7). Documents live in the blob store; these
 * tables hold what points at them. Amounts are INTEGER minor units of the
 * row's currency, VAT rates hundredths of a percent (src-shared/money.ts).
 *
 * The import journal (`receipt_imports`, `receipt_import_items`) is what
 * lets a batch cut off by a crash resume with no duplicate and no orphan
 * blob: an item records the blob ids it is about to write before it writes
 * them, and is marked done in the same transaction that stores them.
 */
export const migration0004Receipts: Migration = {
  version: 4,
  name: 'receipts',
  up(db) {
    db.exec(`
      CREATE TABLE receipts (
        id               TEXT PRIMARY KEY,
        file_name        TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('jpeg', 'png', 'pdf', 'heic', 'webp', 'tiff')),
        via_mail         INTEGER NOT NULL DEFAULT 0 CHECK (via_mail IN (0, 1)),
        part_index       INTEGER,
        sha256           TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        size             INTEGER NOT NULL,
        original_blob_id TEXT NOT NULL REFERENCES blobs (id),
        original_mime    TEXT NOT NULL,
        rendition_blob_id TEXT NOT NULL REFERENCES blobs (id),
        pages            INTEGER NOT NULL,
        render_note      TEXT,
        document_class   TEXT NOT NULL DEFAULT 'voucher',
        retain_until     TEXT NOT NULL,
        text_state       TEXT NOT NULL DEFAULT 'pending' CHECK (text_state IN ('pending', 'done', 'failed')),
        text_method      TEXT,
        pan_masked       INTEGER NOT NULL DEFAULT 0 CHECK (pan_masked IN (0, 1)),
        imported_at      TEXT NOT NULL,
        imported_by      TEXT NOT NULL,
        import_id        TEXT
      ) STRICT;
      CREATE INDEX receipts_text_pending ON receipts (text_state) WHERE text_state = 'pending';
      CREATE INDEX receipts_imported ON receipts (imported_at);

      -- Extracted text for search (FTS5); card numbers are masked before they get here.
      CREATE VIRTUAL TABLE receipt_search USING fts5 (receipt_id UNINDEXED, file_name, body, tokenize = 'unicode61 remove_diacritics 2');

      CREATE TABLE receipt_imports (
        id         TEXT PRIMARY KEY,
        state      TEXT NOT NULL CHECK (state IN ('running', 'done', 'cancelled')),
        started_at TEXT NOT NULL,
        started_by TEXT NOT NULL,
        finished_at TEXT
      ) STRICT;

      CREATE TABLE receipt_import_items (
        import_id     TEXT NOT NULL REFERENCES receipt_imports (id) ON DELETE CASCADE,
        seq           INTEGER NOT NULL,
        name          TEXT NOT NULL,
        -- A file path to read again on resume; NULL for bytes uploaded from a browser.
        source_path   TEXT,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'writing', 'done')),
        planned_blobs TEXT NOT NULL DEFAULT '[]',
        outcomes      TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (import_id, seq)
      ) STRICT;

      CREATE TABLE expense_categories (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE expenses (
        id           TEXT PRIMARY KEY,
        status       TEXT NOT NULL CHECK (status IN ('draft', 'confirmed')),
        date         TEXT,
        supplier     TEXT NOT NULL DEFAULT '',
        currency     TEXT NOT NULL,
        gross_minor  INTEGER NOT NULL DEFAULT 0,
        net_minor    INTEGER NOT NULL DEFAULT 0,
        vat_minor    INTEGER NOT NULL DEFAULT 0,
        vat_id       TEXT NOT NULL DEFAULT '',
        notes        TEXT NOT NULL DEFAULT '',
        source       TEXT NOT NULL CHECK (source IN ('receipt', 'manual')),
        prefilled    INTEGER NOT NULL DEFAULT 0,
        pan_masked   INTEGER NOT NULL DEFAULT 0,
        created_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        confirmed_at TEXT,
        confirmed_by TEXT
      ) STRICT;
      CREATE INDEX expenses_status ON expenses (status, date);

      -- One receipt split over several categories: one line each.
      CREATE TABLE expense_lines (
        expense_id  TEXT NOT NULL REFERENCES expenses (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        category_id TEXT REFERENCES expense_categories (id),
        description TEXT NOT NULL DEFAULT '',
        net_minor   INTEGER NOT NULL,
        vat_rate    INTEGER NOT NULL,
        vat_minor   INTEGER NOT NULL,
        PRIMARY KEY (expense_id, position)
      ) STRICT;

      -- Several receipts on one expense; a receipt belongs to at most one expense.
      CREATE TABLE expense_receipts (
        expense_id TEXT NOT NULL REFERENCES expenses (id) ON DELETE CASCADE,
        receipt_id TEXT NOT NULL UNIQUE REFERENCES receipts (id),
        PRIMARY KEY (expense_id, receipt_id)
      ) STRICT;

      -- A confirmed expense is what the books read: the schema keeps it fixed.
      CREATE TRIGGER expenses_confirmed_fixed BEFORE UPDATE ON expenses
        WHEN OLD.status = 'confirmed'
        BEGIN SELECT RAISE(ABORT, 'confirmed expenses are immutable'); END;
    `);
  },
};
