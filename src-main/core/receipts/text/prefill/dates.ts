/**
 * Receipt dates: numeric (dd/mm/yyyy, dd.mm.yy, yyyy-mm-dd ...) and written
 * (3 Dec 2026, 3. Dezember 2026, 3 déc. 2026, Dec 3, 2026). Day first unless
 * the numbers only make sense month first (12/28/2017), as printed in the US.
 */
import type { Line } from './lines.js';

// Folded (upper case, no accents) month names and abbreviations, EN/DE/FR.
const MONTHS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ['JANUARY', 'JANUAR', 'JANVIER', 'JANV', 'JAN', 'JAENNER', 'JANNER']],
  [2, ['FEBRUARY', 'FEBRUAR', 'FEVRIER', 'FEVR', 'FEV', 'FEB']],
  [3, ['MARCH', 'MAERZ', 'MARZ', 'MARS', 'MRZ', 'MAR']],
  [4, ['APRIL', 'AVRIL', 'AVR', 'APR']],
  [5, ['MAY', 'MAI']],
  [6, ['JUNE', 'JUNI', 'JUIN', 'JUN']],
  [7, ['JULY', 'JULI', 'JUILLET', 'JUIL', 'JUL']],
  [8, ['AUGUST', 'AOUT', 'AUG']],
  [9, ['SEPTEMBER', 'SEPTEMBRE', 'SEPT', 'SEP']],
  [10, ['OCTOBER', 'OKTOBER', 'OCTOBRE', 'OCT', 'OKT']],
  [11, ['NOVEMBER', 'NOVEMBRE', 'NOV']],
  [12, ['DECEMBER', 'DEZEMBER', 'DECEMBRE', 'DEC', 'DEZ']],
];
const MONTH_BY_NAME = new Map(MONTHS.flatMap(([month, names]) => names.map((name) => [name, month] as const)));
// Longest first, so that JUNI is not read as JUN + I.
const MONTH_NAME = [...MONTH_BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|');

const NUMERIC_DMY = /(?<![\dA-Z])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/g;
const NUMERIC_YMD = /(?<![\dA-Z])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?!\d)/g;
const WRITTEN_DMY = new RegExp(`(?<!\\d)(\\d{1,2})(?:ST|ND|RD|TH|ER)?\\.?[ -]?(${MONTH_NAME})\\.?[ -]?,?[ -]?(\\d{4}|\\d{2})(?!\\d)`, 'g');
const WRITTEN_MDY = new RegExp(`\\b(${MONTH_NAME})\\.?[ ]?(\\d{1,2})(?:ST|ND|RD|TH)?,?[ ]?(\\d{4})(?!\\d)`, 'g');
const DATE_KEYWORD = /\b(DATE|DATUM|DATED|LE|INVOICE DATE|RECHNUNGSDATUM|BELEGDATUM)\b/;
// Tills print the date beside the time of sale: 12-01-19 21:13.
const TIME = /(?<!\d)([01]?\d|2[0-3])[:h][0-5]\d(?!\d)/;

export interface FoundDate {
  readonly iso: string;
  readonly line: number;
  readonly keyword: boolean;
  readonly withTime: boolean;
}

/** The receipt's date: one on a line that says "date", else one beside a time of day, else the first valid one. */
export function findDate(lines: readonly Line[]): string | undefined {
  const found = lines.flatMap(datesInLine);
  return (found.find((date) => date.keyword) ?? found.find((date) => date.withTime) ?? found[0])?.iso;
}

export function datesInLine(line: Line): FoundDate[] {
  const text = line.folded;
  const keyword = DATE_KEYWORD.test(text);
  const withTime = TIME.test(text);
  const hits: Array<{ at: number; iso: string }> = [];
  const add = (at: number, iso: string | undefined): void => {
    if (iso !== undefined) hits.push({ at, iso });
  };
  for (const m of text.matchAll(NUMERIC_YMD)) add(m.index, toIso(Number(m[1]), Number(m[3]), Number(m[4])));
  for (const m of text.matchAll(NUMERIC_DMY)) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    const year = fullYear(m[4] ?? '');
    // Month first only when day first is impossible (12/28/2017).
    add(m.index, second > 12 && first <= 12 ? toIso(year, first, second) : toIso(year, second, first));
  }
  for (const m of text.matchAll(WRITTEN_DMY)) add(m.index, toIso(fullYear(m[3] ?? ''), MONTH_BY_NAME.get(m[2] ?? '') ?? 0, Number(m[1])));
  for (const m of text.matchAll(WRITTEN_MDY)) add(m.index, toIso(Number(m[3]), MONTH_BY_NAME.get(m[1] ?? '') ?? 0, Number(m[2])));
  return hits.sort((a, b) => a.at - b.at).map((hit) => ({ iso: hit.iso, line: line.index, keyword, withTime }));
}

function fullYear(digits: string): number {
  const year = Number(digits);
  return digits.length === 2 ? 2000 + year : year;
}

/** ISO date when it exists on the calendar and is a plausible receipt year. */
export function toIso(year: number, month: number, day: number): string | undefined {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
