import { randomUUID } from 'node:crypto';
import type { CsvMapping, CsvPreview } from '../../../src-shared/bank.js';
import { csvMappingSchema } from '../../../src-shared/contract-bank.js';
import { NotFoundError } from '../errors.js';
import type { BankContext } from './context.js';
import { nowIso } from './context.js';
import { decodeCsv, readCsvRow } from './parsers/csv.js';
import { detectCsvMapping, headerSignature } from './parsers/csv-detect.js';
import { detectFormat } from './parsers/index.js';

interface ProfileRow {
  id: string;
  name: string;
  header_signature: string | null;
  mapping: string;
}

function parseMapping(json: string): CsvMapping {
  return csvMappingSchema.parse(JSON.parse(json));
}

export function listProfiles(ctx: BankContext): { name: string; mapping: CsvMapping }[] {
  const rows = ctx.db.prepare('SELECT * FROM bank_csv_profiles ORDER BY name').all() as ProfileRow[];
  return rows.map((r) => ({ name: r.name, mapping: parseMapping(r.mapping) }));
}

export function profileMapping(ctx: BankContext, name: string): CsvMapping {
  const row = ctx.db.prepare('SELECT * FROM bank_csv_profiles WHERE name = ?').get(name.trim()) as ProfileRow | undefined;
  if (!row) throw new NotFoundError(`There is no CSV profile named '${name}'. Save one from the import wizard first.`);
  return parseMapping(row.mapping);
}

/** The saved profile whose header row reads like this file's, if any. */
export function profileForFile(ctx: BankContext, bytes: Uint8Array): { name: string; mapping: CsvMapping } | null {
  for (const row of ctx.db.prepare('SELECT * FROM bank_csv_profiles WHERE header_signature IS NOT NULL').all() as ProfileRow[]) {
    const mapping = parseMapping(row.mapping);
    if (row.header_signature === headerSignature(bytes, mapping)) return { name: row.name, mapping };
  }
  return null;
}

export function saveProfile(ctx: BankContext, name: string, mapping: CsvMapping, sample: Uint8Array | null): void {
  const signature = sample ? headerSignature(sample, mapping) : null;
  ctx.transaction(() => {
    ctx.db
      .prepare(
        `INSERT INTO bank_csv_profiles (id, name, header_signature, mapping, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET header_signature = excluded.header_signature, mapping = excluded.mapping, updated_at = excluded.updated_at`,
      )
      .run(randomUUID(), name.trim(), signature, JSON.stringify(mapping), nowIso(ctx));
    ctx.audit({ action: 'bank.profile.save', subject: `bank-profile:${name.trim()}` });
  });
}

/** The mapping screen's live preview: a proposed (or given) mapping and the first rows read with it. */
export function previewCsv(ctx: BankContext, bytes: Uint8Array, mapping: CsvMapping | null, rows = 20): CsvPreview | null {
  if (!mapping && detectFormat(bytes) !== 'csv') return null;
  const proposed = mapping ? { name: null, mapping } : (profileForFile(ctx, bytes) ?? { name: null, mapping: detectCsvMapping(bytes) });
  const records = decodeCsv(bytes, proposed.mapping);
  const header = proposed.mapping.headerRow === null ? [] : (records[proposed.mapping.headerRow]?.cells ?? []);
  const data = records.slice(proposed.mapping.firstDataRow).slice(0, rows);
  return {
    mapping: proposed.mapping,
    profile: proposed.name,
    header,
    width: Math.max(header.length, ...data.map((r) => r.cells.length)),
    rows: data.map((record) => {
      const reading = readCsvRow(record, proposed.mapping);
      return {
        line: record.line,
        cells: record.cells,
        date: reading.transaction?.bookingDate ?? reading.balance?.value.date ?? null,
        amount: reading.transaction?.amount ?? reading.balance?.value.amount ?? null,
        text: reading.transaction ? [reading.transaction.payee, reading.transaction.text].filter((t) => t !== '').join(' — ') : reading.balance ? `${reading.balance.kind} balance` : '',
        error: reading.error ?? null,
      };
    }),
  };
}
