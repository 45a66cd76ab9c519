import type { Migration } from '../migration.js';

/**
 * Backups (issue 9). Targets and what each one holds. The target's secret
 * access key is in the OS keychain, never here. `backup_objects` is the local
 * record of the objects a target holds (reconciled with a listing now and
 * then), so an incremental run uploads only what is missing.
 *
 * Reserved number 0006; its version is the next free one on this branch
 * (the lead renumbers at merge so the list stays gapless).
 */
export const migration0006Backups: Migration = {
  version: 6,
  name: 'backups',
  up(db) {
    db.exec(`
      CREATE TABLE backup_targets (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        endpoint        TEXT NOT NULL,
        region          TEXT NOT NULL,
        bucket          TEXT NOT NULL,
        prefix          TEXT NOT NULL DEFAULT '',
        path_style      INTEGER NOT NULL CHECK (path_style IN (0, 1)),
        allow_insecure  INTEGER NOT NULL DEFAULT 0 CHECK (allow_insecure IN (0, 1)),
        ca_pem          TEXT,
        pin_sha256      TEXT,
        access_key_id   TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        last_run_at     TEXT,
        last_ok_at      TEXT,
        last_snapshot   TEXT,
        last_size       INTEGER,
        last_objects    INTEGER,
        last_error      TEXT,
        last_verify_at  TEXT,
        last_verify_ok  INTEGER,
        last_verify_msg TEXT,
        last_full_verify_at TEXT,
        reconciled_at   TEXT,
        sample_cursor   INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE backup_objects (
        target_id TEXT NOT NULL REFERENCES backup_targets (id) ON DELETE CASCADE,
        object_id TEXT NOT NULL,
        size      INTEGER NOT NULL,
        PRIMARY KEY (target_id, object_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
