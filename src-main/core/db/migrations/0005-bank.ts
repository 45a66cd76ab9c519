import type { Migration } from '../migration.js';

/**
 * Bank statements (issue 8). Amounts are INTEGER minor units of the
 * account's currency. Each line carries a dedup key, unique per account:
 * the bank's own id where the file has one, else date, amount, normalised
 * text and the occurrence index within the file (see core/bank/dedup.ts).
 * Full-text search is an FTS5 index kept in step by triggers.
 *
 * Reserved number 0005; on this branch it is the fourth migration (0004 is
 * receipts, landing from its own branch): the lead renumbers at merge.
 */
export const migration0005Bank: Migration = {
  version: 5,
  name: 'bank',
  up(db) {
    db.exec(`
      CREATE TABLE bank_accounts (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        iban            TEXT NOT NULL DEFAULT '',
        bic             TEXT NOT NULL DEFAULT '',
        currency        TEXT NOT NULL,
        opening_balance INTEGER NOT NULL DEFAULT 0,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE bank_imports (
        id         TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES bank_accounts (id),
        file_name  TEXT NOT NULL,
        sha256     TEXT NOT NULL,
        format     TEXT NOT NULL,
        new_count  INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        rejected   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bank_imports_file ON bank_imports (account_id, sha256);

      -- One row per statement in a file that states balances; reconciled on import.
      CREATE TABLE bank_statements (
        id           INTEGER PRIMARY KEY,
        import_id    TEXT NOT NULL REFERENCES bank_imports (id),
        account_id   TEXT NOT NULL REFERENCES bank_accounts (id),
        -- The account number the file states: files with several accounts are reconciled per account.
        stated_account TEXT NOT NULL DEFAULT '',
        opening      INTEGER,
        opening_date TEXT,
        closing      INTEGER,
        closing_date TEXT,
        lines        INTEGER NOT NULL,
        total        INTEGER NOT NULL,
        ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
        message      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bank_statements_account ON bank_statements (account_id, stated_account, closing_date);

      CREATE TABLE bank_categories (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE bank_transactions (
        id           INTEGER PRIMARY KEY,
        account_id   TEXT NOT NULL REFERENCES bank_accounts (id),
        import_id    TEXT REFERENCES bank_imports (id),
        booking_date TEXT NOT NULL,
        value_date   TEXT,
        amount       INTEGER NOT NULL,
        payee        TEXT NOT NULL DEFAULT '',
        text         TEXT NOT NULL DEFAULT '',
        reference    TEXT NOT NULL DEFAULT '',
        bank_id      TEXT,
        dedup_key    TEXT NOT NULL,
        category_id  TEXT REFERENCES bank_categories (id),
        matched      INTEGER NOT NULL DEFAULT 0 CHECK (matched IN (0, 1)),
        UNIQUE (account_id, dedup_key)
      ) STRICT;
      CREATE INDEX bank_transactions_date ON bank_transactions (booking_date DESC, id DESC);
      CREATE INDEX bank_transactions_account_date ON bank_transactions (account_id, booking_date DESC, id DESC);
      CREATE INDEX bank_transactions_amount ON bank_transactions (amount);

      CREATE VIRTUAL TABLE bank_transactions_fts USING fts5 (
        payee, text, reference,
        content = 'bank_transactions', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      CREATE TRIGGER bank_transactions_fts_insert AFTER INSERT ON bank_transactions BEGIN
        INSERT INTO bank_transactions_fts (rowid, payee, text, reference) VALUES (NEW.id, NEW.payee, NEW.text, NEW.reference);
      END;
      CREATE TRIGGER bank_transactions_fts_delete AFTER DELETE ON bank_transactions BEGIN
        INSERT INTO bank_transactions_fts (bank_transactions_fts, rowid, payee, text, reference) VALUES ('delete', OLD.id, OLD.payee, OLD.text, OLD.reference);
      END;
      CREATE TRIGGER bank_transactions_fts_update AFTER UPDATE OF payee, text, reference ON bank_transactions BEGIN
        INSERT INTO bank_transactions_fts (bank_transactions_fts, rowid, payee, text, reference) VALUES ('delete', OLD.id, OLD.payee, OLD.text, OLD.reference);
        INSERT INTO bank_transactions_fts (rowid, payee, text, reference) VALUES (NEW.id, NEW.payee, NEW.text, NEW.reference);
      END;

      CREATE TABLE bank_rules (
        id          TEXT PRIMARY KEY,
        field       TEXT NOT NULL CHECK (field IN ('payee', 'text')),
        contains    TEXT NOT NULL,
        category_id TEXT NOT NULL REFERENCES bank_categories (id),
        learned     INTEGER NOT NULL CHECK (learned IN (0, 1)),
        created_at  TEXT NOT NULL,
        UNIQUE (field, contains)
      ) STRICT;

      CREATE TABLE bank_csv_profiles (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
        header_signature TEXT,
        mapping          TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bank_csv_profiles_header ON bank_csv_profiles (header_signature);

      -- An accepted match; undo deletes it (and what accepting recorded).
      CREATE TABLE bank_matches (
        id             TEXT PRIMARY KEY,
        transaction_id INTEGER NOT NULL UNIQUE REFERENCES bank_transactions (id),
        kind           TEXT NOT NULL CHECK (kind IN ('invoice', 'transfer', 'expense')),
        target_id      TEXT NOT NULL,
        record_id      TEXT,
        label          TEXT NOT NULL,
        amount         INTEGER NOT NULL,
        created_at     TEXT NOT NULL,
        created_by     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bank_matches_target ON bank_matches (kind, target_id);
    `);
  },
};
