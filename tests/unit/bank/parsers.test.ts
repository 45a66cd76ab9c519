import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectCsvMapping } from '../../../src-main/core/bank/parsers/csv-detect.js';
import { readRecords } from '../../../src-main/core/bank/parsers/csv-records.js';
import { detectFormat, parseStatementFile, StatementRefusedError } from '../../../src-main/core/bank/parsers/index.js';
import { parseDetails } from '../../../src-main/core/bank/parsers/mt940-details.js';
import { decodeText } from '../../../src-main/core/bank/parsers/text.js';

const bytes = (text: string, encoding: BufferEncoding = 'utf8') => Buffer.from(text, encoding);

describe('text and records', () => {
  it('decodes a BOM, UTF-8, and Windows-1252 (euro sign at 0x80)', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
    expect(decodeText(bytes('Müller'))).toBe('Müller');
    expect(decodeText(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]))).toBe('Café €');
  });

  it('reads quoted fields with delimiters and newlines, and flags a stray quote with its line', () => {
    const records = readRecords('a;"b;c"\n"multi\nline";d\nx;y"z\nlast;1', ';');
    expect(records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b;c']],
      [2, ['multi\nline', 'd']],
      [4, ['x', 'y"z']],
      [5, ['last', '1']],
    ]);
    expect(records[2]?.error).toMatch(/quote/);
  });
});

describe('format detection from the content', () => {
  it('tells the formats apart without the file name', () => {
    expect(detectFormat(bytes('OFXHEADER:100\nDATA:OFXSGML\n<OFX>'))).toBe('ofx');
    expect(detectFormat(bytes('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'))).toBe('camt');
    expect(detectFormat(bytes('!Type:Bank\nD1/1/26\n'))).toBe('qif');
    expect(detectFormat(bytes('\u0001:20:X\n:25:Y\n'))).toBe('mt940');
    expect(detectFormat(bytes('Datum;Betrag\n'))).toBe('csv');
    expect(() => detectFormat(bytes('<?xml version="1.0"?><invoice/>'))).toThrow(StatementRefusedError);
  });
});

describe('CAMT', () => {
  const camt = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">70.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-02</Dt></Dt></Bal>
${entries}</Stmt></BkToCstmrStmt></Document>`;
  const batch = `<Ntry><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>B-1</AcctSvcrRef>
<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
<TxDtls><Amt Ccy="EUR">10.00</Amt><RltdPties><Cdtr><Pty><Nm>Alpha</Nm></Pty></Cdtr></RltdPties><RmtInf><Ustrd>Inv 1</Ustrd></RmtInf></TxDtls>
<TxDtls><Amt Ccy="EUR">20.00</Amt><RltdPties><Cdtr><Nm>Beta</Nm></Cdtr></RltdPties><RmtInf><Ustrd>Inv 2</Ustrd></RmtInf></TxDtls>
</NtryDtls></Ntry>`;

  it('splits a batch entry into one line per transaction detail, each with its own amount and id', () => {
    const result = parseStatementFile(bytes(camt(batch)));
    const [statement] = result.statements;
    expect(statement).toMatchObject({ account: 'DE89370400440532013000', currency: 'EUR', opening: { amount: '100.00' }, closing: { amount: '70.00' } });
    expect(statement?.transactions.map((t) => [t.amount, t.payee, t.text, t.bankId, t.line])).toEqual([
      ['-10.00', 'Alpha', 'Inv 1', 'B-1/1', 6],
      ['-20.00', 'Beta', 'Inv 2', 'B-1/2', 6],
    ]);
  });

  it('reads a ZIP of CAMT files, and refuses a ZIP without any', () => {
    const zip = zipSync({ 'a.xml': bytes(camt(batch)), 'b.xml': bytes(camt('')), 'readme.txt': bytes('x') });
    expect(parseStatementFile(zip).statements.map((s) => s.transactions.length)).toEqual([2, 0]);
    expect(() => parseStatementFile(zipSync({ 'readme.txt': bytes('x') }))).toThrow(/holds no CAMT/);
  });

  it('refuses external entities (XXE) before any parser runs', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Document><BkToCstmrStmt>&e;</BkToCstmrStmt></Document>';
    expect(() => parseStatementFile(bytes(xxe), { format: 'camt' })).toThrow(/DOCTYPE or entities/);
  });
});

describe('OFX', () => {
  it('reads SGML with open leaf tags and a closing LEDGERBAL', () => {
    const sgml = `OFXHEADER:100\nDATA:OFXSGML\nCHARSET:1252\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>42</BANKACCTFROM>
<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261201120000[-5:EST]<TRNAMT>-12.5<FITID>F1<NAME>Caf\xe9 &amp; Co<MEMO>Lunch</STMTTRN></BANKTRANLIST>
<LEDGERBAL><BALAMT>87.50<DTASOF>20261201</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const [statement] = parseStatementFile(Buffer.from(sgml, 'latin1')).statements;
    expect(statement).toMatchObject({ account: '42', currency: 'USD', closing: { amount: '87.50', date: '2026-12-01' } });
    expect(statement?.transactions).toMatchObject([{ bookingDate: '2026-12-01', amount: '-12.5', payee: 'Café & Co', text: 'Lunch', bankId: 'F1', line: 6 }]);
  });
});

describe('MT940 :86: details', () => {
  it('reads German GVC subfields and SEPA tags', () => {
    expect(parseDetails('166?00GUTSCHRIFT?20EREF+E2E-1 SVWZ+Rech?21nung 42?32MÜLLER?33 GMBH')).toEqual({ payee: 'MÜLLER GMBH', text: 'GUTSCHRIFT Rechnung 42', reference: 'E2E-1' });
  });
  it('reads Triodos ">" subfields, Dutch structured fields and free text', () => {
    expect(parseDetails('000>20HUUR>21 KANTOOR').text).toBe('HUUR KANTOOR');
    expect(parseDetails('/TRTP/SEPA/NAME/Bakker BV/REMI/Factuur 7/EREF/E9')).toEqual({ payee: 'Bakker BV', text: 'Factuur 7', reference: 'E9' });
    expect(parseDetails('RETRAIT GUICHET\nAUTOMATIQUE')).toEqual({ payee: '', text: 'RETRAIT GUICHET AUTOMATIQUE', reference: '' });
  });
});

describe('CSV line ends', () => {
  it('splits CRLF, LF and bare CR alike, with the right line numbers', () => {
    const expected = [[1, ['a', '1']], [2, ['b', '2']], [3, ['c', '3']]];
    for (const eol of ['\r\n', '\n', '\r']) {
      expect(readRecords(['a;1', 'b;2', 'c;3'].join(eol), ';').map((r) => [r.line, r.cells])).toEqual(expected);
    }
  });
});

describe('CSV detection', () => {
  it('finds the header above a balance row that stands between it and the data', () => {
    const file = bytes(['Buchungstag;Verwendungszweck;Begünstigter / Auftraggeber;Betrag', 'Anfangssaldo;;;1.000,00', '', '01.12.2026;Miete;Hausverwaltung;-500,00', '02.12.2026;Rechnung 7;Acme SARL;119,00', 'Schlusssaldo;;;619,00'].join('\n'));
    expect(detectCsvMapping(file)).toMatchObject({ headerRow: 0, date: 0, text: [1], payee: 2, amount: 3 });
    const [statement] = parseStatementFile(file, { format: 'csv' }).statements;
    expect(statement).toMatchObject({ opening: { amount: '1000.00', date: '2026-12-01' }, closing: { amount: '619.00', date: '2026-12-02' } });
    expect(statement?.transactions.map((t) => [t.payee, t.text])).toEqual([['Hausverwaltung', 'Miete'], ['Acme SARL', 'Rechnung 7']]);
  });
});
