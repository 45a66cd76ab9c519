import type { AuditRow } from '../../../src-shared/contract.js';
import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { canonicalJson } from './canonical.js';
import { redactDetails } from './redact.js';

/** The MAC chain starts from this value (no previous row). */
export const GENESIS_MAC = '0'.repeat(64);

/** A stored row as the contract shows it; `details` is canonical JSON text. */
export type AuditRecord = AuditRow;

export interface StoredAuditRow extends AuditRecord {
  readonly prev_mac: string;
  readonly mac: string;
}

export interface NewAuditRow {
  readonly actor: string;
  readonly action: string;
  readonly subject?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/** DESIGN §4: mac = HMAC-SHA256(auditKey, prev_mac || canonical(row)). */
export function auditMac(auditKey: Buffer, prevMac: string, row: AuditRecord): string {
  const canonical = canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: row.details,
  });
  return createHmac('sha256', auditKey).update(prevMac, 'utf8').update(canonical, 'utf8').digest('hex');
}

interface Statements {
  head: Database.Statement<[], { seq: number; mac: string }>;
  insert: Database.Statement<[number, string, string, string, string, string, string, string]>;
}
const statements = new WeakMap<Database.Database, Statements>();

function prepared(db: Database.Database): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      head: db.prepare('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(
        'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/** Number of the last row (0 when the log is empty). */
export function auditHead(db: Database.Database): number {
  return prepared(db).head.get()?.seq ?? 0;
}

/**
 * Appends one row. Call it inside the caller's transaction so the row
 * commits (or rolls back) with the change it records.
 */
export function appendAudit(db: Database.Database, auditKey: Buffer, entry: NewAuditRow): number {
  const s = prepared(db);
  const head = s.head.get();
  const prevMac = head?.mac ?? GENESIS_MAC;
  const record: AuditRecord = {
    seq: (head?.seq ?? 0) + 1,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject ?? '',
    details: canonicalJson(redactDetails(entry.details ?? {})),
  };
  const mac = auditMac(auditKey, prevMac, record);
  s.insert.run(record.seq, record.at, record.actor, record.action, record.subject, record.details, prevMac, mac);
  return record.seq;
}
