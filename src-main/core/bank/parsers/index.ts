import type { CsvMapping } from '../../../../src-shared/bank.js';
import { isZip, parseCamt } from './camt.js';
import { streamCsv } from './csv.js';
import { detectCsvMapping } from './csv-detect.js';
import { parseMt940 } from './mt940.js';
import { parseOfx } from './ofx.js';
import { parseQif } from './qif.js';
import type { ParseResult, StatementFormat, StreamedFile } from './types.js';
import { materialised, StatementRefusedError, streamed } from './types.js';

export type { ParseResult, ParsedStatement, ParsedTransaction, StatementFormat, StreamedFile, StreamedStatement } from './types.js';
export { StatementRefusedError } from './types.js';

const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** The format, told from the content (never the file name). */
export function detectFormat(bytes: Uint8Array): StatementFormat {
  if (isZip(bytes)) return 'camt';
  const head = new TextDecoder('latin1').decode(bytes.slice(0, 4096)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (/OFXHEADER|<OFX>/i.test(head)) return 'ofx';
  if (/^<\?xml|^<Document/i.test(head)) {
    if (/BkToCstmr|camt\.05[234]/i.test(head)) return 'camt';
    throw new StatementRefusedError('This XML file is neither a CAMT statement nor OFX. Export the statement as CAMT.053, MT940, OFX, QIF or CSV.');
  }
  if (/^!(Type|Account|Option|Clear)/im.test(head)) return 'qif';
  // eslint-disable-next-line no-control-regex -- SWIFT files may start with SOH.
  if (/^(\{1:|:940:|:20:|:25:|:60F:|:61:)/m.test(head.replace(/^[\x00-\x1f]+/, ''))) return 'mt940';
  if (head.includes('\u0000')) throw new StatementRefusedError('This is a binary file, not a bank statement. Export the statement as CSV, CAMT, MT940, OFX or QIF.');
  return 'csv';
}

export interface ParseOptions {
  readonly format?: StatementFormat | 'auto' | undefined;
  readonly csvMapping?: CsvMapping | undefined;
}

export function parseStatementFile(bytes: Uint8Array, options: ParseOptions = {}): ParseResult {
  const format = checkedFormat(bytes, options);
  return format === 'csv' ? materialised(streamCsv(bytes, options.csvMapping ?? detectCsvMapping(bytes))) : parseWhole(bytes, format);
}

/** The same, read as it is iterated (a CSV row by row; the other formats are parsed whole first). */
export function streamStatementFile(bytes: Uint8Array, options: ParseOptions = {}): StreamedFile {
  const format = checkedFormat(bytes, options);
  return format === 'csv' ? streamCsv(bytes, options.csvMapping ?? detectCsvMapping(bytes)) : streamed(parseWhole(bytes, format));
}

function checkedFormat(bytes: Uint8Array, options: ParseOptions): StatementFormat {
  if (bytes.byteLength === 0) throw new StatementRefusedError('The file is empty.');
  if (bytes.byteLength > MAX_FILE_BYTES) throw new StatementRefusedError('The file is larger than 100 MB; split it by period and import the parts.');
  return options.format === undefined || options.format === 'auto' ? detectFormat(bytes) : options.format;
}

function parseWhole(bytes: Uint8Array, format: Exclude<StatementFormat, 'csv'>): ParseResult {
  switch (format) {
    case 'ofx':
      return parseOfx(bytes);
    case 'qif':
      return parseQif(bytes);
    case 'camt':
      return parseCamt(bytes);
    case 'mt940':
      return parseMt940(bytes);
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
