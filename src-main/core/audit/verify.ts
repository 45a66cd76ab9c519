import type Database from 'better-sqlite3-multiple-ciphers';
import { timingSafeEqual } from 'node:crypto';
import type { AuditVerdict } from '../../../src-shared/contract.js';
import { GENESIS_MAC, auditMac } from './chain.js';
import type { StoredAuditRow } from './chain.js';

export interface VerifyOptions {
  /** Called after each batch with the number of rows checked. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  readonly batchSize?: number;
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Walks the chain oldest first and names the first row that does not hold:
 * a changed field (MAC), a deleted or reordered row (seq gap or prev_mac
 * link). Yields to the event loop between batches so a job stays cancellable.
 */
export async function verifyAudit(db: Database.Database, auditKey: Buffer, options: VerifyOptions = {}): Promise<AuditVerdict> {
  const batchSize = options.batchSize ?? 5000;
  const total = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_log').get()?.n ?? 0;
  const page = db.prepare<[number, number], StoredAuditRow>(
    'SELECT seq, at, actor, action, subject, details, prev_mac, mac FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  let expectedSeq = 1;
  let prevMac = GENESIS_MAC;
  let checked = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = page.all(expectedSeq - 1, batchSize);
    for (const row of rows) {
      // A gap: the row that should be here was deleted (or moved).
      if (row.seq !== expectedSeq) return { ok: false, rows: total, firstBadSeq: expectedSeq };
      if (!sameMac(row.prev_mac, prevMac) || !sameMac(row.mac, auditMac(auditKey, prevMac, row))) {
        return { ok: false, rows: total, firstBadSeq: row.seq };
      }
      prevMac = row.mac;
      expectedSeq += 1;
      checked += 1;
    }
    options.onProgress?.(checked, total);
    if (rows.length < batchSize) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { ok: true, rows: total };
}
