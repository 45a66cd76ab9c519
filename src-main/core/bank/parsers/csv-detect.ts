import type { CsvMapping } from '../../../../src-shared/bank.js';
import type { CsvRecord } from './csv-records.js';
import { BALANCE_LABEL } from './csv.js';
import { guessDelimiter, isBlank, readRecords } from './csv-records.js';
import { decodeText, detectEncoding } from './text.js';
import { StatementRefusedError } from './types.js';
import type { DateOrder } from './values.js';
import { DATE_ORDERS, canonicalAmount, guessDateOrder, guessDecimalMark, parseDate } from './values.js';

/**
 * Proposes a column mapping from a CSV file's content: header words in the
 * languages of the banks we know, else what the cells look like. The import
 * wizard shows the result as a live preview the user can correct.
 */
const HEADER_WORDS: Readonly<Record<string, RegExp>> = {
  date: /^(buchungstag|buchungsdatum|buchung|date|datum|data|date de l.op|booking date|transaction date|posted|posting date|fecha)/i,
  valueDate: /^(valuta|valutadatum|wert|wertstellung|value date|date de valeur)/i,
  amount: /^(betrag|amount|montant|valor|gross|bedrag|importe|umsatz)\b|^betrag \(|^montant de l/i,
  debit: /^(soll|debit|débit|paid out|withdrawals?|money out|ausgaben)$/i,
  credit: /^(haben|credit|crédit|paid in|deposits?|money in|einnahmen)$/i,
  marker: /^(af.?bij|s.?h|soll.?haben|cr.?dr|debit.?credit)$/i,
  payee: /(begünstigter|auftraggeber|zahlungsempf|zahlungsbeteiligter|zahlungspflichtige|payee|^name$|beneficiary|empfänger|^nom|counterparty)/i,
  text: /(^text$|^texte$|^beschreibung$|^zweck$|verwendungszweck|description|libellé|label|memo|purpose|buchungstext|détail|histórico|historico|umsatzart|details?$|narrative|type$)/i,
  reference: /(kundenreferenz|referenz|reference|^ref|transaction id|operation number|numéro|número do documento|check)/i,
  balance: /(saldo|balance|kontostand|solde)/i,
};

/** A row of words above the data: header words we know, or simply text cells as many as the data has. */
function looksLikeHeader(record: CsvRecord, dataWidth: number): boolean {
  const cells = record.cells.filter((c) => c.trim() !== '');
  if (cells.length < 2) return false;
  if (cells.some((c) => DATE_ORDERS.some((o) => parseDate(c, o) !== null))) return false;
  const words = cells.filter((c) => /[A-Za-zÀ-ÿ]/.test(c) && canonicalAmount(c, '.') === null && canonicalAmount(c, ',') === null);
  const known = Object.values(HEADER_WORDS).some((re) => cells.some((c) => re.test(c)));
  return words.length >= Math.max(2, cells.length * 0.6) && (known || (words.length === cells.length && record.cells.length === dataWidth));
}

const isDateCell = (c: string): boolean => DATE_ORDERS.some((o) => parseDate(c, o) !== null);
/** An amount has a decimal mark or a sign; a bare long number is an id. */
const isAmountCell = (c: string): boolean => {
  const s = c.trim();
  if (s === '' || /^\d{6,}$/.test(s) || isDateCell(s)) return false;
  return /^[-+(]?\s*[$€£]?\s*\d[\d.,]*\s*(?:€|EUR)?-?\)?$/.test(s.replace(/\s/g, '')) && (/[.,]\d{1,5}-?$/.test(s) || /^[-+]/.test(s) || /^\d{1,6}$/.test(s));
};

function isDataRow(record: CsvRecord): boolean {
  const cells = record.cells;
  return cells.some(isDateCell) && cells.some((c) => isAmountCell(c) && !isDateCell(c));
}

/** Share of the filled cells of a column that pass `test`; `weighted` also counts empty cells against it. */
function columnShare(rows: readonly CsvRecord[], index: number, test: (c: string) => boolean, weighted = true): number {
  const values = rows.map((r) => (r.cells[index] ?? '').trim()).filter((c) => c !== '');
  if (values.length === 0) return 0;
  return (values.filter(test).length / values.length) * (weighted ? values.length / rows.length : 1);
}
const hasDecimalMark = (c: string): boolean => /[.,]\d{1,5}-?$/.test(c.trim()) || /^[-+]/.test(c.trim()) || /^0+$/.test(c.trim());

function findHeaderIndex(header: readonly string[], key: string, taken: ReadonlySet<number>): number | null {
  const re = HEADER_WORDS[key];
  if (!re) return null;
  const index = header.findIndex((h, i) => !taken.has(i) && re.test(h.trim()));
  return index === -1 ? null : index;
}

interface Columns {
  date: number;
  valueDate: number | null;
  amount: number | null;
  debit: number | null;
  credit: number | null;
  marker: number | null;
  payee: number | null;
  text: number[];
  reference: number | null;
}

function fromHeader(header: readonly string[]): Columns | null {
  const taken = new Set<number>();
  const take = (key: string): number | null => {
    const index = findHeaderIndex(header, key, taken);
    if (index !== null) taken.add(index);
    return index;
  };
  const date = take('date');
  const valueDate = take('valueDate');
  const debit = take('debit');
  const credit = take('credit');
  const amount = take('amount');
  const marker = take('marker');
  take('balance');
  const payee = take('payee');
  const reference = take('reference');
  const text: number[] = [];
  for (let i = findHeaderIndex(header, 'text', taken); i !== null; i = findHeaderIndex(header, 'text', taken)) {
    taken.add(i);
    text.push(i);
  }
  if (date === null || (amount === null && (debit === null || credit === null))) return null;
  return { date, valueDate, amount, debit, credit, marker, payee, text: text.sort((a, b) => a - b), reference };
}

function fromContent(rows: readonly CsvRecord[], width: number): Columns | null {
  const indexes = Array.from({ length: width }, (_, i) => i);
  const dateColumns = indexes.filter((i) => columnShare(rows, i, isDateCell) > 0.8);
  const date = dateColumns[0];
  if (date === undefined) return null;
  const amountLike = indexes.filter((i) => !dateColumns.includes(i) && columnShare(rows, i, isAmountCell, false) > 0.8);
  // Columns with decimal marks first: a bare integer column is more often a cheque number.
  const withMarks = amountLike.filter((i) => columnShare(rows, i, hasDecimalMark, false) > 0.5);
  const amountColumns = withMarks.length > 0 ? withMarks : amountLike;
  const markerColumn = indexes.find((i) => rows.every((r) => /^(af|bij|s|h|d|c)$/i.test((r.cells[i] ?? '').trim())));
  const negatives = (i: number): boolean => rows.some((r) => /^\s*[-(]|-\s*$/.test(r.cells[i] ?? ''));
  const filled = (i: number): number => rows.filter((r) => (r.cells[i] ?? '').trim() !== '' && /[1-9]/.test(r.cells[i] ?? '')).length;
  let amount: number | null = null;
  let debit: number | null = null;
  let credit: number | null = null;
  const [a, b] = amountColumns;
  // Two money columns that are never both filled on one row: money out and money in.
  const exclusive = a !== undefined && b !== undefined && rows.every((r) => !(/[1-9]/.test(r.cells[a] ?? '') && /[1-9]/.test(r.cells[b] ?? '')));
  if (exclusive && filled(a) + filled(b) >= rows.length * 0.8) {
    debit = a;
    credit = b;
  } else {
    amount = amountColumns.find(negatives) ?? a ?? null;
  }
  if (amount === null && debit === null) return null;
  const used = new Set([date, amount, debit, credit, markerColumn].filter((v): v is number => typeof v === 'number'));
  const textLength = (i: number): number => rows.reduce((sum, r) => sum + ((r.cells[i] ?? '').match(/[A-Za-zÀ-ÿ]/g)?.length ?? 0), 0);
  const text = indexes.filter((i) => !used.has(i) && !amountColumns.includes(i) && textLength(i) > rows.length * 3).sort((x, y) => x - y);
  return { date, valueDate: null, amount, debit, credit, marker: amount !== null && !negatives(amount) ? (markerColumn ?? null) : null, payee: null, text, reference: null };
}

/** Rows a bank may put between its header and the data: blank, or a balance ("Anfangssaldo;;;1.000,00"). */
const MAX_ROWS_BELOW_HEADER = 3;

/** The header row above the first data row, over blank and balance rows. */
function headerAbove(records: readonly CsvRecord[], firstData: number): number | null {
  const width = records[firstData]?.cells.length ?? 0;
  for (let i = firstData - 1; i >= 0 && i >= firstData - 1 - MAX_ROWS_BELOW_HEADER; i -= 1) {
    const record = records[i];
    if (!record) return null;
    if (looksLikeHeader(record, width)) return i;
    const first = record.cells.find((c) => c.trim() !== '') ?? '';
    if (!isBlank(record) && !BALANCE_LABEL.test(first)) return null;
  }
  return null;
}

/** Throws a specific refusal when no mapping can be proposed. */
export function detectCsvMapping(bytes: Uint8Array): CsvMapping {
  const encoding = detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const delimiter = guessDelimiter(text);
  const records = readRecords(text, delimiter, 5000);
  // The first clean data row followed by more data (or by no data at all): not a date-and-number line of a preamble.
  const firstData = records.findIndex((r, i) => {
    if (r.error !== undefined || !isDataRow(r)) return false;
    const following = records.slice(i + 1).filter((n) => !isBlank(n));
    const next = following[0];
    // A malformed data row still has the data rows' width.
    return next === undefined || isDataRow(next) || next.error !== undefined || next.cells.length === r.cells.length || !following.some(isDataRow);
  });
  if (firstData === -1) {
    throw new StatementRefusedError('No rows with a date and an amount were found in this CSV file. Check that it is a bank statement export, or map its columns in the import wizard.');
  }
  const headerRow = headerAbove(records, firstData);
  // The first 200 clean data rows are sample enough; a long file is not read further.
  const data: CsvRecord[] = [];
  for (let i = firstData; i < records.length && data.length < 200; i += 1) {
    const r = records[i];
    if (r && !isBlank(r) && r.error === undefined && isDataRow(r)) data.push(r);
  }
  const width = Math.max(...data.map((r) => r.cells.length));
  const header = headerRow === null ? null : (records[headerRow]?.cells ?? null);
  const columns = (header ? fromHeader(header) : null) ?? fromContent(data, width);
  if (!columns) {
    throw new StatementRefusedError('Sealbook cannot tell which column holds the date and which the amount in this CSV file. Map the columns in the import wizard and save the mapping as a profile.');
  }
  const amountCells = [columns.amount, columns.debit, columns.credit]
    .filter((i): i is number => i !== null)
    .flatMap((i) => data.map((r) => r.cells[i] ?? ''));
  const decimal = guessDecimalMark(amountCells);
  const preference: DateOrder[] = decimal === '.' && delimiter === ',' ? ['MDY', 'DMY', 'YMD'] : ['DMY', 'MDY', 'YMD'];
  const dateOrder = guessDateOrder(data.map((r) => r.cells[columns.date] ?? ''), preference) ?? preference[0] ?? 'DMY';
  return { encoding: 'auto', delimiter, decimal, dateOrder, headerRow, firstDataRow: firstData, ...columns, invert: false };
}

/** A saved profile fits a file when its header row reads the same. */
export function headerSignature(bytes: Uint8Array, mapping: Pick<CsvMapping, 'encoding' | 'delimiter' | 'headerRow'>): string | null {
  if (mapping.headerRow === null) return null;
  const records = readRecords(decodeText(bytes, mapping.encoding), mapping.delimiter, mapping.headerRow + 1);
  const header = records[mapping.headerRow];
  return header ? header.cells.map((c) => c.trim().toLowerCase()).join('\u001f') : null;
}
