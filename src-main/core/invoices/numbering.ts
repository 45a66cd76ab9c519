import type Database from 'better-sqlite3-multiple-ciphers';
import { ConflictError, ValidationError } from '../errors.js';

/**
 * Number series such as `{YYYY}-{NNNN}` or `CN-{YYYY}-{NNNN}`. The counter
 * restarts whenever the rendered date part changes (a new year for
 * `{YYYY}`), and is gapless within it: numbers are taken only inside the
 * transaction that stores the issued document.
 */
const TOKEN = /\{(YYYY|YY|MM|N+)\}/g;
const LITERAL = /^[A-Za-z0-9\-_/.#]*$/;

export function validateSeries(pattern: string, field: string): void {
  const counters = [...pattern.matchAll(TOKEN)].filter((m) => m[1]?.startsWith('N'));
  const literal = pattern.replace(TOKEN, '');
  const fail = (message: string): never => {
    throw new ValidationError(message, { [field]: message });
  };
  if (counters.length !== 1) fail(`The number pattern '${pattern}' needs exactly one counter such as {NNNN}.`);
  if (!LITERAL.test(literal) || /[{}]/.test(literal)) {
    fail(`The number pattern '${pattern}' may only use letters, digits, - _ / . # and the tokens {YYYY} {YY} {MM} {NNNN}.`);
  }
  if (pattern.length > 40) fail('Keep the number pattern under 40 characters.');
}

function dateParts(isoDate: string): { YYYY: string; YY: string; MM: string } {
  return { YYYY: isoDate.slice(0, 4), YY: isoDate.slice(2, 4), MM: isoDate.slice(5, 7) };
}

/** The pattern with its date tokens filled in and the counter left as `{N}`: the counter's scope. */
export function seriesKey(kind: string, pattern: string, isoDate: string): string {
  const parts = dateParts(isoDate);
  return `${kind}:${pattern.replace(TOKEN, (_, token: string) => (token.startsWith('N') ? '{N}' : parts[token as keyof typeof parts]))}`;
}

export function formatNumber(pattern: string, isoDate: string, counter: number): string {
  const parts = dateParts(isoDate);
  return pattern.replace(TOKEN, (_, token: string) =>
    token.startsWith('N') ? String(counter).padStart(token.length, '0') : parts[token as keyof typeof parts],
  );
}

/** The counter the next document of this series will get (read outside the transaction). */
export function peekCounter(db: Database.Database, key: string): number {
  const row = db.prepare('SELECT last FROM number_series WHERE series_key = ?').get(key) as { last: number } | undefined;
  return (row?.last ?? 0) + 1;
}

/** Thrown inside the transaction when another issue took the peeked number first. */
export class NumberTakenError extends ConflictError {
  constructor(readonly key: string) {
    super('Another document took this number first; Sealbook retries with the next one.');
  }
}

/**
 * Takes `counter` for the series, or throws NumberTakenError when it is no
 * longer the next one. Call inside the issuing transaction only.
 */
export function takeCounter(db: Database.Database, key: string, counter: number): void {
  const result =
    counter === 1
      ? db.prepare('INSERT INTO number_series (series_key, last) VALUES (?, 1) ON CONFLICT (series_key) DO NOTHING').run(key)
      : db.prepare('UPDATE number_series SET last = ? WHERE series_key = ? AND last = ?').run(counter, key, counter - 1);
  if (result.changes !== 1) throw new NumberTakenError(key);
}
