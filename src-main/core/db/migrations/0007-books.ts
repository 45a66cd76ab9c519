import type { Migration } from '../migration.js';

/**
 * Books (issue 11): a double-entry ledger under every document.
 *
 * Amounts are INTEGER minor units of the book currency, signed: debit
 * positive, credit negative, so a balance is one SUM. Posted entries are
 * immutable in the schema itself (triggers), as issued invoices are: a bug in
 * a service cannot rewrite the books; corrections are reversals (GoBD).
 *
 * Reserved as migration 0007; on this branch it is the fourth in the list
 * (the list must be gapless), and the lead renumbers it at merge.
 */
export const migration0007Books: Migration = {
  version: 7,
  name: 'books',
  up(db) {
    db.exec(`
      CREATE TABLE books_settings (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        chart      TEXT NOT NULL CHECK (chart IN ('skr03', 'skr04', 'pcg', 'simple')),
        basis      TEXT NOT NULL CHECK (basis IN ('accrual', 'cash')),
        currency   TEXT NOT NULL,
        enabled_at TEXT NOT NULL,
        enabled_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE vat_codes (
        code            TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        rate            INTEGER NOT NULL CHECK (rate BETWEEN 0 AND 10000),
        direction       TEXT NOT NULL CHECK (direction IN ('output', 'input')),
        treatment       TEXT NOT NULL CHECK (treatment IN ('standard', 'exempt', 'reverse_charge', 'intra_eu')),
        tax_account     TEXT,
        pending_account TEXT,
        -- Reverse charge and intra-EU acquisitions: the tax the buyer owes, deducted again on tax_account.
        owed_account    TEXT,
        report_lines    TEXT NOT NULL DEFAULT '{}'
      ) STRICT;

      CREATE TABLE accounts (
        number     TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        type       TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
        vat_code   TEXT REFERENCES vat_codes (code),
        -- What the automatic postings look for: receivable, bank, cash, revenue, opening ...
        role       TEXT UNIQUE,
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE journal_entries (
        id           TEXT PRIMARY KEY,
        state        TEXT NOT NULL CHECK (state IN ('draft', 'posted')),
        fiscal_year  INTEGER,
        seq          INTEGER,
        date         TEXT NOT NULL,
        text         TEXT NOT NULL,
        source_type  TEXT NOT NULL,
        source_id    TEXT NOT NULL,
        -- The voucher's own number (invoice number, ...): GoBD "Belegnummer".
        voucher      TEXT NOT NULL,
        reverses_id  TEXT UNIQUE REFERENCES journal_entries (id),
        created_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        posted_at    TEXT,
        posted_by    TEXT,
        CHECK (state = 'draft' OR (fiscal_year IS NOT NULL AND seq IS NOT NULL AND posted_at IS NOT NULL)),
        UNIQUE (fiscal_year, seq),
        -- Idempotent posting: one entry per source document.
        UNIQUE (source_type, source_id)
      ) STRICT;
      CREATE INDEX journal_entries_date ON journal_entries (date);

      CREATE TABLE journal_lines (
        entry_id  TEXT NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        date      TEXT NOT NULL,
        account   TEXT NOT NULL REFERENCES accounts (number),
        amount    INTEGER NOT NULL CHECK (amount <> 0),
        currency  TEXT NOT NULL,
        vat_code  TEXT REFERENCES vat_codes (code),
        text      TEXT NOT NULL DEFAULT '',
        -- Receivable and payable lines name their open item (e.g. invoice:ID) for aging.
        open_item TEXT,
        due_date  TEXT,
        party     TEXT,
        PRIMARY KEY (entry_id, position)
      ) STRICT;
      CREATE INDEX journal_lines_account_date ON journal_lines (account, date);
      CREATE INDEX journal_lines_date ON journal_lines (date);
      CREATE INDEX journal_lines_open_item ON journal_lines (open_item) WHERE open_item IS NOT NULL;

      -- What each entry declares for the VAT return, per code (signed: owed positive).
      CREATE TABLE vat_records (
        entry_id TEXT NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
        code     TEXT NOT NULL REFERENCES vat_codes (code),
        base     INTEGER NOT NULL,
        tax      INTEGER NOT NULL,
        PRIMARY KEY (entry_id, code)
      ) STRICT;

      -- Posted movements per day and account, kept in the posting transaction:
      -- a report over any range sums a few thousand rows, never the lines.
      CREATE TABLE account_day_totals (
        day     TEXT NOT NULL,
        account TEXT NOT NULL REFERENCES accounts (number),
        debit   INTEGER NOT NULL,
        credit  INTEGER NOT NULL,
        PRIMARY KEY (day, account)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE entry_attachments (
        entry_id  TEXT NOT NULL REFERENCES journal_entries (id) ON DELETE CASCADE,
        blob_id   TEXT NOT NULL REFERENCES blobs (id),
        file_name TEXT NOT NULL,
        mime      TEXT NOT NULL,
        PRIMARY KEY (entry_id, blob_id)
      ) STRICT;

      -- 'YYYY-MM', 'YYYY-Qn' or 'YYYY'.
      CREATE TABLE closed_periods (
        period    TEXT PRIMARY KEY,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE recurring_entries (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        text       TEXT NOT NULL,
        lines      TEXT NOT NULL,
        day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 28),
        start_date TEXT NOT NULL,
        end_date   TEXT,
        active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;

      CREATE TRIGGER journal_entries_posted_immutable BEFORE UPDATE ON journal_entries WHEN OLD.state = 'posted'
      BEGIN SELECT RAISE(ABORT, 'posted entries are immutable'); END;
      CREATE TRIGGER journal_entries_posted_undeletable BEFORE DELETE ON journal_entries WHEN OLD.state = 'posted'
      BEGIN SELECT RAISE(ABORT, 'posted entries are immutable'); END;
      CREATE TRIGGER journal_lines_insert_immutable BEFORE INSERT ON journal_lines
        WHEN (SELECT state FROM journal_entries WHERE id = NEW.entry_id) = 'posted'
      BEGIN SELECT RAISE(ABORT, 'posted entries are immutable'); END;
      CREATE TRIGGER journal_lines_update_immutable BEFORE UPDATE ON journal_lines
        WHEN (SELECT state FROM journal_entries WHERE id = OLD.entry_id) = 'posted'
      BEGIN SELECT RAISE(ABORT, 'posted entries are immutable'); END;
      CREATE TRIGGER journal_lines_delete_immutable BEFORE DELETE ON journal_lines
        WHEN (SELECT state FROM journal_entries WHERE id = OLD.entry_id) = 'posted'
      BEGIN SELECT RAISE(ABORT, 'posted entries are immutable'); END;
      CREATE TRIGGER vat_records_insert_immutable BEFORE INSERT ON vat_records
        WHEN (SELECT state FROM journal_entries WHERE id = NEW.entry_id) = 'posted'
      BEGIN SELECT RAISE(ABORT, 'posted entries are immutable'); END;
      CREATE TRIGGER vat_records_immutable BEFORE DELETE ON vat_records
        WHEN (SELECT state FROM journal_entries WHERE id = OLD.entry_id) = 'posted'
      BEGIN SELECT RAISE(ABORT, 'posted entries are immutable'); END;
    `);
  },
};
