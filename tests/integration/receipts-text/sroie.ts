/**
 * The labelled SROIE receipts in ../shared/fixtures/receipts-sroie (each NNN.jpg
 * with NNN.json: company, date, total), read from beside the repository as CI lays it out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
// CI puts shared/ beside the clone (../shared); a worktree in /work/wt/<name> has it one level further up.
export const SROIE_DIR =
  ['../shared', '../../shared'].map((shared) => resolve(repoRoot, shared, 'fixtures/receipts-sroie')).find((dir) => existsSync(dir)) ??
  resolve(repoRoot, '../shared/fixtures/receipts-sroie');

const Label = z.object({ company: z.string(), date: z.string(), total: z.string() });

export interface SroieReceipt {
  readonly id: string;
  readonly image: Uint8Array;
  readonly company: string;
  /** ISO date; the labels print dd/mm/yyyy, dd-mm-yy and once mm/dd/yyyy. */
  readonly date: string;
  readonly total: string;
}

export function sroieIds(): string[] {
  return readdirSync(SROIE_DIR)
    .filter((name) => name.endsWith('.jpg'))
    .map((name) => name.slice(0, -4))
    .sort();
}

export function loadSroie(id: string): SroieReceipt {
  const label = Label.parse(JSON.parse(readFileSync(join(SROIE_DIR, `${id}.json`), 'utf8')));
  return { id, image: readFileSync(join(SROIE_DIR, `${id}.jpg`)), company: label.company, date: labelDate(label.date), total: label.total };
}

// Written independently of the parser under test, for the label formats only.
function labelDate(label: string): string {
  const parts = label.split(/[/.-]/).map(Number);
  const [a = 0, b = 0, c = 0] = parts;
  const year = c < 100 ? 2000 + c : c;
  const [day, month] = b > 12 ? [b, a] : [a, b];
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Upper case letters and digits only: how supplier names are compared with their labels. */
export function nameKey(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Levenshtein similarity in [0, 1] of two name keys (1 = identical). */
export function nameSimilarity(a: string, b: string): number {
  const x = nameKey(a);
  const y = nameKey(b);
  if (x === y) return 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return 1 - (previous[y.length] ?? 0) / Math.max(x.length, y.length);
}
