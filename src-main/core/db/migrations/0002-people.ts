import type { Migration } from '../migration.js';

/**
 * People, settings and the audit log (DESIGN §3-4). MFA secrets and recovery
 * code hashes live here, inside the encrypted DB, never in the public header.
 */
export const migration0002People: Migration = {
  version: 2,
  name: 'people',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'accountant', 'bookkeeper', 'auditor')),
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
        mfa_secret TEXT,
        mfa_pending_secret TEXT,
        -- Last TOTP time step accepted: a code is never accepted twice (RFC 6238 §5.2).
        mfa_last_step INTEGER,
        created_at TEXT NOT NULL,
        last_login_at TEXT
      ) STRICT;

      CREATE TABLE mfa_recovery_codes (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        used_at TEXT,
        PRIMARY KEY (user_id, code_hash)
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      INSERT INTO settings (key, value) VALUES ('auto_lock_minutes', '15');

      -- seq is the rowid: gapless as long as rows are only appended.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '{}',
        prev_mac TEXT NOT NULL,
        mac TEXT NOT NULL
      ) STRICT;
      -- The viewer filters by user, action and date and pages newest first:
      -- (x, seq) serves the page, (x, at) the count with a date range.
      CREATE INDEX audit_log_actor ON audit_log (actor, seq);
      CREATE INDEX audit_log_action ON audit_log (action, seq);
      CREATE INDEX audit_log_actor_at ON audit_log (actor, at);
      CREATE INDEX audit_log_action_at ON audit_log (action, at);
      CREATE INDEX audit_log_at ON audit_log (at);
    `);
  },
};
