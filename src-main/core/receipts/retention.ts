import type Database from 'better-sqlite3-multiple-ciphers';
import type { RetentionPreset, RetentionRule } from '../../../src-shared/contract-receipts.js';
import { RETENTION_PRESETS } from '../../../src-shared/contract-receipts.js';

/**
 * Legal retention per document class (issue 7 item 6). The period runs from
 * the end of the calendar year the document was received in, as the codes
 * below count it; deletion is possible from the day after the last day.
 * - default, FR (Code de commerce L123-22), AT (BAO §132), CH (OR 958f): 10 years
 * - DE: 8 years for vouchers (Buchungsbelege) since 2025 (§147 AO as amended
 *   by the Viertes Bürokratieentlastungsgesetz); books and invoices issued stay 10.
 */
export const DOCUMENT_CLASS_VOUCHER = 'voucher';

const PRESET_YEARS: Readonly<Record<RetentionPreset, Readonly<Record<string, number>>>> = {
  default: { voucher: 10 },
  DE: { voucher: 8 },
  FR: { voucher: 10 },
  AT: { voucher: 7 },
  CH: { voucher: 10 },
};

const PRESET_KEY = 'receipts.retention_preset';

export function readPreset(db: Database.Database): RetentionPreset {
  const raw = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(PRESET_KEY)?.value;
  return (RETENTION_PRESETS as readonly string[]).includes(raw ?? '') ? (raw as RetentionPreset) : 'default';
}

export function writePreset(db: Database.Database, preset: RetentionPreset): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(PRESET_KEY, preset);
}

export function rulesFor(preset: RetentionPreset): RetentionRule[] {
  return Object.entries(PRESET_YEARS[preset]).map(([documentClass, years]) => ({ documentClass, years, basis: 'end-of-calendar-year' }));
}

/** Last day of retention for a document received on `receivedAt` (ISO date or timestamp). */
export function retainUntil(preset: RetentionPreset, documentClass: string, receivedAt: string): string {
  const years = PRESET_YEARS[preset][documentClass] ?? PRESET_YEARS.default.voucher ?? 10;
  const year = Number(receivedAt.slice(0, 4));
  return `${year + years}-12-31`;
}

/** The first day deletion is allowed. */
export function deletableFrom(retainUntilDate: string): string {
  const next = new Date(`${retainUntilDate}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

export function underRetention(retainUntilDate: string, today: string): boolean {
  return today <= retainUntilDate;
}
