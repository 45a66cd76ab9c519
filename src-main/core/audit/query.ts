import type Database from 'better-sqlite3-multiple-ciphers';
import type { AuditRow } from '../../../src-shared/contract.js';

export interface AuditFilter {
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  /** Inclusive calendar dates (UTC), `YYYY-MM-DD`. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

type Param = string | number;

/**
 * WHERE clause from fixed fragments; every value travels as a bound
 * parameter. Each fragment matches an index of migration 0002.
 */
function where(filter: AuditFilter): { sql: string; params: Param[] } {
  const clauses: string[] = [];
  const params: Param[] = [];
  if (filter.actor) {
    clauses.push('actor = ?');
    params.push(filter.actor);
  }
  if (filter.action) {
    clauses.push('action = ?');
    params.push(filter.action);
  }
  if (filter.from) {
    clauses.push('at >= ?');
    params.push(`${filter.from}T00:00:00.000Z`);
  }
  if (filter.to) {
    // `at` is an ISO instant; "to" includes the whole day.
    clauses.push('at < ?');
    params.push(nextDay(filter.to));
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

const COLUMNS = 'seq, at, actor, action, subject, details';

/** Newest first, one page, with the total matching count for the pager. */
export function listAudit(
  db: Database.Database,
  filter: AuditFilter,
  offset: number,
  limit: number,
): { rows: AuditRow[]; total: number } {
  const w = where(filter);
  const total = db.prepare<Param[], { n: number }>(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params)?.n ?? 0;
  const rows = db
    .prepare<Param[], AuditRow>(`SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY seq DESC LIMIT ? OFFSET ?`)
    .all(...w.params, limit, offset);
  return { rows, total };
}

/** Oldest first, every matching row. */
/** Distinct actors and actions, for the viewer's filter lists (both columns are indexed). */
export function auditFacets(db: Database.Database): { actors: string[]; actions: string[] } {
  const column = (sql: string): string[] => (db.prepare(sql).pluck().all() as string[]);
  return {
    actors: column('SELECT DISTINCT actor FROM audit_log ORDER BY actor'),
    actions: column('SELECT DISTINCT action FROM audit_log ORDER BY action'),
  };
}

export function* iterateAudit(db: Database.Database, filter: AuditFilter): Generator<AuditRow> {
  const w = where(filter);
  yield* db.prepare<Param[], AuditRow>(`SELECT ${COLUMNS} FROM audit_log ${w.sql} ORDER BY seq`).iterate(...w.params);
}

/**
 * RFC 4180 field; a cell that a spreadsheet would run as a formula
 * (= + - @, tab, CR: OWASP "CSV injection") is prefixed with a quote.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(db: Database.Database, filter: AuditFilter): string {
  const lines = ['seq,at,actor,action,subject,details'];
  for (const row of iterateAudit(db, filter)) {
    lines.push([row.seq, row.at, row.actor, row.action, row.subject, row.details].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
