import type { Migration } from '../migration.js';

/** Vault-wide settings (key/value) and the blob store's index with per-blob keys. */
export const init: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE blobs (
        id         TEXT PRIMARY KEY,
        enc_key    BLOB NOT NULL CHECK (length(enc_key) = 32),
        chunk_size INTEGER NOT NULL CHECK (chunk_size > 0),
        size       INTEGER NOT NULL CHECK (size >= 0),
        sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
        meta       TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX blobs_sha256 ON blobs (sha256);
    `);
  },
};
