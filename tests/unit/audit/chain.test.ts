import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3-multiple-ciphers';
import { appendAudit, auditHead } from '../../../src-main/core/audit/chain.js';
import { verifyAudit } from '../../../src-main/core/audit/verify.js';
import { auditCsv, csvField, listAudit } from '../../../src-main/core/audit/query.js';
import { tempVaultDb } from '../people/helpers.js';

describe('audit chain', () => {
  let db: Database.Database;
  let cleanup: () => void;
  const key = randomBytes(32);

  function fill(n: number, start = Date.UTC(2026, 0, 1)): void {
    db.transaction(() => {
      for (let i = 0; i < n; i += 1) {
        appendAudit(db, key, {
          actor: i % 2 ? 'anna' : 'bob',
          action: i % 3 ? 'invoices.issue' : 'session.unlock',
          subject: `INV-${i}`,
          details: { n: i },
          at: new Date(start + i * 3_600_000),
        });
      }
    })();
  }

  beforeEach(() => {
    const t = tempVaultDb();
    db = t.db;
    cleanup = t.cleanup;
  });
  afterEach(() => cleanup());

  it('verifies an intact chain and names a row altered behind the app\'s back', async () => {
    fill(20);
    expect(await verifyAudit(db, key)).toEqual({ ok: true, rows: 20 });
    db.prepare("UPDATE audit_log SET subject = 'INV-X' WHERE seq = 7").run();
    expect(await verifyAudit(db, key)).toEqual({ ok: false, rows: 20, firstBadSeq: 7 });
  });

  it('names a deleted row', async () => {
    fill(10);
    db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(await verifyAudit(db, key)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('detects reordered rows and a re-MACed row with the wrong key', async () => {
    fill(10);
    // Swap two rows' contents (keeping seq): the MAC covers seq, so the first one breaks.
    const r5 = db.prepare('SELECT * FROM audit_log WHERE seq = 5').get() as Record<string, unknown>;
    const r6 = db.prepare('SELECT * FROM audit_log WHERE seq = 6').get() as Record<string, unknown>;
    const set = db.prepare('UPDATE audit_log SET at = ?, actor = ?, action = ?, subject = ?, details = ?, prev_mac = ?, mac = ? WHERE seq = ?');
    const swap = (from: Record<string, unknown>, seq: number): void => {
      set.run(from.at, from.actor, from.action, from.subject, from.details, from.prev_mac, from.mac, seq);
    };
    db.transaction(() => {
      swap(r6, 5);
      swap(r5, 6);
    })();
    expect(await verifyAudit(db, key)).toMatchObject({ ok: false, firstBadSeq: 5 });
    expect(await verifyAudit(db, randomBytes(32))).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('rolls back with the caller\'s transaction, keeping seq gapless', async () => {
    fill(3);
    expect(() =>
      db.transaction(() => {
        appendAudit(db, key, { actor: 'anna', action: 'x', at: new Date() });
        throw new Error('change failed');
      })(),
    ).toThrow('change failed');
    expect(auditHead(db)).toBe(3);
    appendAudit(db, key, { actor: 'anna', action: 'y', at: new Date() });
    expect(auditHead(db)).toBe(4);
    expect(await verifyAudit(db, key)).toEqual({ ok: true, rows: 4 });
  });

  it('keeps secrets and card numbers out of details', () => {
    appendAudit(db, key, {
      actor: 'anna',
      action: 'note',
      at: new Date(),
      details: { password: 'hunter2hunter2', recoveryKey: 'ABCD', passwordOnly: true, memo: 'paid with 4111 1111 1111 1111', other: '4111111111111112' },
    });
    const details = JSON.parse(db.prepare('SELECT details FROM audit_log WHERE seq = 1').pluck().get() as string) as Record<string, unknown>;
    expect(details).toEqual({
      memo: 'paid with ************1111',
      other: '4111111111111112', // not Luhn-valid: not a card number
      password: '[redacted]',
      passwordOnly: true,
      recoveryKey: '[redacted]',
    });
  });

  it('lists with filters, paging and total', () => {
    fill(48); // hourly from 2026-01-01T00:00Z: two days
    const all = listAudit(db, {}, 0, 10);
    expect(all.total).toBe(48);
    expect(all.rows.map((r) => r.seq)).toEqual([48, 47, 46, 45, 44, 43, 42, 41, 40, 39]);
    expect(listAudit(db, { actor: 'anna' }, 0, 100).total).toBe(24);
    expect(listAudit(db, { actor: 'anna', action: 'session.unlock' }, 0, 100).rows.every((r) => r.actor === 'anna' && r.action === 'session.unlock')).toBe(true);
    const day2 = listAudit(db, { from: '2026-01-02', to: '2026-01-02' }, 0, 100);
    expect(day2.total).toBe(24);
    expect(day2.rows.at(-1)?.at).toBe('2026-01-02T00:00:00.000Z');
    expect(listAudit(db, {}, 45, 10).rows.map((r) => r.seq)).toEqual([3, 2, 1]);
  });

  it('exports RFC 4180 CSV with a formula-injection guard', () => {
    appendAudit(db, key, { actor: '=HYPERLINK("x")', action: 'a,b', subject: '-2+3', details: { q: 'say "hi"' }, at: new Date(Date.UTC(2026, 0, 1)) });
    const csv = auditCsv(db, {});
    expect(csv).toBe(
      'seq,at,actor,action,subject,details\r\n' +
        `1,2026-01-01T00:00:00.000Z,"'=HYPERLINK(""x"")","a,b",'-2+3,"{""q"":""say \\""hi\\""""}"\r\n`,
    );
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('answers a filtered page from an index, not a scan, and verifies in batches', async () => {
    fill(12_000);
    const page = listAudit(db, { actor: 'anna', from: '2026-06-01' }, 500, 100);
    expect(page.rows).toHaveLength(100);
    expect(page.rows.every((row) => row.actor === 'anna' && row.at >= '2026-06-01')).toBe(true);
    // Speed itself is measured in tests/bench/audit.bench.ts; here: the plan must use an index.
    const plan = db
      .prepare<[string, string], { detail: string }>("EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE actor = ? AND at >= ? ORDER BY seq DESC")
      .all('anna', '2026-06-01T00:00:00.000Z')
      .map((row) => row.detail)
      .join(' | ');
    expect(plan).toMatch(/USING (COVERING )?INDEX audit_log_/);
    expect(plan).not.toMatch(/SCAN audit_log(?! USING)/);
    let progressCalls = 0;
    const verdict = await verifyAudit(db, key, { batchSize: 1000, onProgress: () => (progressCalls += 1) });
    expect(verdict).toEqual({ ok: true, rows: 12_000 });
    expect(progressCalls).toBeGreaterThanOrEqual(12);
  });
});
