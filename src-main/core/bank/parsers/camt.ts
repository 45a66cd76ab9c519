import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { decodeText, encodingFromLabel } from './text.js';
import type { ParsedBalance, ParsedStatement, ParsedTransaction, ParseResult } from './types.js';
import { RowErrors, StatementRefusedError } from './types.js';
import { canonicalAmount, parseDate } from './values.js';
import { refuseDtd, tagLines } from './xml-guard.js';

/**
 * ISO 20022 cash management: camt.052 (intraday report), camt.053
 * (statement), camt.054 (notification), versions .001.02 to .001.08. The
 * element names these versions share are read by local name, so bank
 * profiles with their own namespace (STUZZA) work too. An entry with several
 * transaction details, each with its own amount, becomes one line per detail.
 */
type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  isArray: (name) => ['Stmt', 'Rpt', 'Ntfctn', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd'].includes(name),
});

const MAX_ZIP_ENTRY = 50 * 1024 * 1024;

function obj(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}
function list(value: unknown): Node[] {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Node => v !== undefined) : [];
}
function str(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  const node = obj(value);
  return node && typeof node['#text'] === 'string' ? node['#text'].trim() : '';
}
function path(node: Node | undefined, ...keys: string[]): unknown {
  let current: unknown = node;
  for (const key of keys) current = obj(current)?.[key];
  return current;
}

/** <Dt><Dt>2026-01-01</Dt></Dt> or <Dt><DtTm>...</DtTm></Dt>, with or without a zone. */
function dateOf(node: unknown): string | null {
  const text = str(path(obj(node), 'Dt')) || str(path(obj(node), 'DtTm'));
  return text === '' ? null : parseDate(text.slice(0, 10), 'YMD');
}

function signed(amount: string, indicator: string): string {
  return indicator === 'DBIT' && /[1-9]/.test(amount) ? `-${amount}` : amount;
}

function amountOf(node: unknown): { amount: string; currency: string } | null {
  const text = str(node);
  const amount = canonicalAmount(text, '.');
  if (amount === null) return null;
  return { amount, currency: typeof obj(node)?.['@Ccy'] === 'string' ? String(obj(node)?.['@Ccy']) : '' };
}

function partyName(details: Node, role: 'Dbtr' | 'Cdtr'): string {
  const party = obj(path(details, 'RltdPties', role));
  return str(party?.['Nm']) || str(path(party, 'Pty', 'Nm'));
}

function remittance(details: Node | undefined): string {
  if (!details) return '';
  const ustrd = path(details, 'RmtInf', 'Ustrd');
  const unstructured = Array.isArray(ustrd) ? ustrd.map(str) : [];
  const structured = str(path(details, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref'));
  return [...unstructured, structured, str(details['AddtlTxInf'])].filter((t) => t !== '').join(' ');
}

function balances(statement: Node): { opening?: ParsedBalance; closing?: ParsedBalance } {
  const out: { opening?: ParsedBalance; closing?: ParsedBalance } = {};
  for (const bal of list(statement['Bal'])) {
    const code = str(path(bal, 'Tp', 'CdOrPrtry', 'Cd')) || str(path(bal, 'Tp', 'CdOrPrtry', 'Prtry'));
    const amount = amountOf(bal['Amt']);
    const date = dateOf(bal['Dt']);
    if (!amount || date === null) continue;
    const value = { amount: signed(amount.amount, str(bal['CdtDbtInd'])), date };
    // OPBD (opening booked) or PRCD (previous closing) open; CLBD (closing booked) closes.
    if ((code === 'OPBD' || code === 'PRCD') && !out.opening) out.opening = value;
    if (code === 'CLBD') out.closing = value;
  }
  return out;
}

function entryLines(entry: Node, line: number, errors: RowErrors): ParsedTransaction[] {
  const amount = amountOf(entry['Amt']);
  const indicator = str(entry['CdtDbtInd']);
  const bookingDate = dateOf(entry['BookgDt']) ?? dateOf(entry['ValDt']);
  if (!amount) {
    errors.add(line, 'the entry has no readable amount (Amt).', { code: 'no-amount' });
    return [];
  }
  if (bookingDate === null) {
    errors.add(line, 'the entry has no booking date (BookgDt).', { code: 'no-date' });
    return [];
  }
  const valueDate = dateOf(entry['ValDt']) ?? undefined;
  const entryRef = str(entry['AcctSvcrRef']);
  const details = list(entry['NtryDtls']).flatMap((d) => list(d['TxDtls']));
  const entryText = str(entry['AddtlNtryInf']);
  const credit = indicator === 'CRDT';
  const line0 = (d: Node | undefined, amountText: string, index: number, count: number): ParsedTransaction => {
    const counterparty = d ? partyName(d, credit ? 'Dbtr' : 'Cdtr') : '';
    const e2e = d ? str(path(d, 'Refs', 'EndToEndId')) : '';
    const detailRef = d ? str(path(d, 'Refs', 'AcctSvcrRef')) : '';
    // Details of one batch entry may share the entry's reference: their position keeps them apart.
    const ref = detailRef !== '' ? detailRef : entryRef;
    const bankId = ref === '' ? undefined : count > 1 ? `${ref}/${String(index + 1)}` : ref;
    return {
      line,
      bookingDate,
      valueDate,
      amount: signed(amountText, indicator),
      currency: amount.currency || undefined,
      payee: counterparty,
      text: [remittance(d), entryText].filter((t) => t !== '').join(' ').replace(/\s+/g, ' '),
      reference: e2e === 'NOTPROVIDED' ? '' : e2e,
      bankId,
    };
  };
  const detailAmounts = details.map((d) => amountOf(path(d, 'Amt')) ?? amountOf(path(d, 'AmtDtls', 'TxAmt', 'Amt')));
  if (details.length > 1 && detailAmounts.every((a) => a !== null)) {
    return details.map((d, i) => line0(d, detailAmounts[i]?.amount ?? amount.amount, i, details.length));
  }
  return [line0(details[0], amount.amount, 0, 1)];
}

function statementsOf(xml: string, errors: RowErrors): ParsedStatement[] {
  refuseDtd(xml);
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (error) {
    throw new StatementRefusedError(`This CAMT file is not well-formed XML (${error instanceof Error ? error.message : String(error)}).`);
  }
  const root = obj(doc['Document']);
  const message = obj(root?.['BkToCstmrStmt']) ?? obj(root?.['BkToCstmrAcctRpt']) ?? obj(root?.['BkToCstmrDbtCdtNtfctn']);
  if (!message) throw new StatementRefusedError('This XML file is not a CAMT.052, .053 or .054 bank message (no BkToCstmr… element).');
  const statements = [...list(message['Stmt']), ...list(message['Rpt']), ...list(message['Ntfctn'])];
  if (statements.length === 0) throw new StatementRefusedError('This CAMT message holds no statement (no Stmt, Rpt or Ntfctn element).');
  const lines = tagLines(xml, 'Ntry');
  let entryIndex = 0;
  return statements.map((statement) => {
    const account = str(path(statement, 'Acct', 'Id', 'IBAN')) || str(path(statement, 'Acct', 'Id', 'Othr', 'Id'));
    const currency = str(path(statement, 'Acct', 'Ccy'));
    const transactions = list(statement['Ntry']).flatMap((entry) => entryLines(entry, lines[entryIndex++] ?? 0, errors));
    const firstCurrency = transactions.find((t) => t.currency)?.currency;
    const chosen = /^[A-Z]{3}$/.test(currency) && currency !== 'XXX' ? currency : firstCurrency !== 'XXX' ? firstCurrency : undefined;
    return { account: account || undefined, currency: chosen, ...balances(statement), transactions };
  });
}

function decodeXml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.slice(0, 200));
  const label = /encoding=["']([^"']+)["']/i.exec(head)?.[1];
  return decodeText(bytes, encodingFromLabel(label));
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** A CAMT XML file, or a ZIP of them (banks deliver a day's statements zipped). */
export function parseCamt(bytes: Uint8Array): ParseResult {
  const errors = new RowErrors();
  if (!isZip(bytes)) return { format: 'camt', statements: statementsOf(decodeXml(bytes), errors), errors: errors.list };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => /\.xml$/i.test(file.name) && file.originalSize <= MAX_ZIP_ENTRY });
  } catch (error) {
    throw new StatementRefusedError(`This ZIP file cannot be opened (${error instanceof Error ? error.message : String(error)}).`);
  }
  const names = Object.keys(files).sort();
  if (names.length === 0) throw new StatementRefusedError('This ZIP file holds no CAMT .xml file.');
  const statements = names.flatMap((name) => {
    const file = files[name];
    return file ? statementsOf(decodeXml(file), errors) : [];
  });
  return { format: 'camt', statements, errors: errors.list };
}
