import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * One forward-only migration per file (`migrations/0001-init.ts` ...),
 * applied in a transaction and never edited once released.
 */
export interface Migration {
  /** 1, 2, 3 ... gapless; stored in `PRAGMA user_version`. */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
