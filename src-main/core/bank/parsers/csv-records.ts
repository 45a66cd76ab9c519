import type { RejectionReason } from '../../../../src-shared/bank.js';

/**
 * RFC 4180 records with the line number each starts on. Quoted fields may
 * hold delimiters and newlines; a quote inside an unquoted field, or a quote
 * that never closes, makes that record malformed (reported, not guessed).
 */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
  /** Why the record could not be read; `cells` then holds what was read. */
  readonly error?: string;
  readonly reason?: RejectionReason;
}

export const CSV_DELIMITERS = [';', ',', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export function readRecords(text: string, delimiter: CsvDelimiter, limit = Number.POSITIVE_INFINITY): CsvRecord[] {
  const records: CsvRecord[] = [];
  if (limit <= 0) return records;
  for (const record of csvRecords(text, delimiter)) {
    if (records.push(record) >= limit) break;
  }
  return records;
}

/** The records one by one, as they are read: a large statement is never held as records and transactions at once. */
export function* csvRecords(text: string, delimiter: CsvDelimiter): Generator<CsvRecord, void, undefined> {
  let i = 0;
  let line = 1;
  const n = text.length;
  let nextQuote = text.indexOf('"');
  while (i < n) {
    // Fast path: a physical line without quotes is split as it is (most bank rows).
    const newline = text.indexOf('\n', i);
    const end = newline === -1 ? n : newline;
    // The next quote is searched once and reused until passed (no O(n²) rescans).
    if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
    const quote = nextQuote;
    const raw = quote === -1 || quote > end ? text.slice(i, end > i && text[end - 1] === '\r' ? end - 1 : end) : null;
    // A bare CR inside means old Mac line ends: the careful path below splits them.
    if (raw !== null && !raw.includes('\r')) {
      const cells = raw.split(delimiter);
      for (let c = 0; c < cells.length; c += 1) cells[c] = (cells[c] ?? '').trim();
      yield { line, cells };
      line += 1;
      i = end + 1;
      continue;
    }
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let error: string | undefined;
    let reason: RejectionReason | undefined;
    let quoted = false;
    let wasQuoted = false;
    let ended = false;
    while (i < n) {
      const ch = text[i] ?? '';
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i += 1;
          continue;
        }
        if (ch === '\n') line += 1;
        cell += ch;
        i += 1;
        continue;
      }
      if (ch === delimiter) {
        cells.push(wasQuoted ? cell : cell.trim());
        cell = '';
        wasQuoted = false;
        i += 1;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        ended = true;
        break;
      }
      if (ch === '"') {
        if (cell.trim() === '' && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
          cell = '';
          i += 1;
          continue;
        }
        error ??= 'a quote (") stands inside a field that is not quoted; fix the quoting or export the file again.';
        reason ??= { code: 'quote-inside' };
      }
      cell += ch;
      i += 1;
    }
    if (quoted) {
      error = 'a quoted field never closes; the row was not read.';
      reason = { code: 'quote-unclosed' };
    }
    cells.push(wasQuoted ? cell : cell.trim());
    yield error ? { line: startLine, cells, error, ...(reason ? { reason } : {}) } : { line: startLine, cells };
    if (!ended && i >= n) break;
  }
}

export function isBlank(record: CsvRecord): boolean {
  return record.cells.every((cell) => cell.trim() === '');
}

/** The delimiter that splits the first lines into the most rows of one consistent width. */
export function guessDelimiter(text: string): CsvDelimiter {
  let best: CsvDelimiter = ';';
  let bestScore = -1;
  const sample = text.slice(0, 20_000);
  for (const delimiter of CSV_DELIMITERS) {
    const widths = new Map<number, number>();
    for (const record of readRecords(sample, delimiter, 60)) {
      if (record.cells.length > 1) widths.set(record.cells.length, (widths.get(record.cells.length) ?? 0) + 1);
    }
    let score = 0;
    for (const [width, count] of widths) score = Math.max(score, count * 100 + width);
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}
