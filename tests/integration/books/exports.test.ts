import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFile, reportFile } from '../../../src-main/core/books/files.js';
import { postManualEntry } from '../../../src-main/core/books/manual.js';
import { trialBalance } from '../../../src-main/core/books/reports/statements.js';
import { DATEV_COLUMNS } from '../../../src-main/core/books/exports/datev.js';
import { FEC_COLUMNS } from '../../../src-main/core/books/exports/fec.js';
import { accountName } from '../../../src-main/core/books/exports/journal.js';
import { updateCompany } from '../../../src-main/core/invoices/company.js';
import { creditInvoice, recordPayment } from '../../../src-main/core/invoices/documents.js';
import { formatMoney } from '../../../src-shared/money.js';
import type { TestVault } from './setup.js';
import { auditRows, issued, openBooksVault } from './setup.js';

const FROM = '2026-01-01';
const TO = '2026-12-31';

/** A few months of invoices, payments, a credit note and manual entries. */
async function fillBooks(vault: TestVault): Promise<void> {
  const a = await issued(vault);
  recordPayment(vault.ctx, a, { amount: '100.00', date: '2026-11-28', method: 'bank_transfer', reference: 'SEPA "Müller"; 1' });
  const b = await issued(vault, [{ description: 'Wartung', quantity: '3', unitPrice: '45.50', vatRate: '19' }], 'Öko; Bau (Süd)');
  await creditInvoice(vault.ctx, b, { reason: 'Skonto', lines: [{ description: 'Nachlass', quantity: '1', unitPrice: '10', vatRate: '19' }] });
  postManualEntry(vault.ctx, { date: '2026-10-15', text: 'Bürobedarf  mit ; Semikolon', voucher: 'R 2026/15', lines: [{ account: '4930', debit: '50.00', vatCode: 'V19' }, { account: '1576', debit: '9.50', vatCode: 'V19' }, { account: '1000', credit: '59.50' }] });
  postManualEntry(vault.ctx, { date: '2026-02-01', text: 'Einlage', voucher: 'E-1', lines: [{ account: '1200', debit: '1000.00' }, { account: '1890', credit: '1000.00' }] });
}

describe('exports (SKR03)', () => {
  let vault: TestVault;
  beforeAll(async () => {
    vault = openBooksVault('skr03');
    await fillBooks(vault);
  });
  afterAll(() => {
    vault.close();
  });

  it("hledger reads the plain-text journal and every account total equals Sealbook's trial balance", () => {
    const out = exportFile(vault.ctx, 'journal', FROM, TO, { advisor: 1001, client: 1 });
    const path = join(vault.dir, 'export.journal');
    writeFileSync(path, Buffer.from(out.base64, 'base64'));
    const csv = execFileSync('hledger', ['-f', path, 'balance', '--flat', '--no-total', '-O', 'csv'], { encoding: 'utf8' });
    const hledger = new Map(
      csv.trim().split('\n').slice(1).map((line) => {
        const [account = '', amount = ''] = line.split('","').map((c) => c.replace(/"/g, ''));
        return [account, amount.replace(/ EUR$/, '').replace(/,/g, '')] as const;
      }),
    );
    const tb = trialBalance(vault.ctx, FROM, TO);
    expect(tb.rows.length).toBeGreaterThan(6);
    for (const row of tb.rows) {
      const hledgerAmount = hledger.get(accountName(row.account, row.name)) ?? '0.00';
      expect([row.account, Number(hledgerAmount).toFixed(2)]).toEqual([row.account, row.closing]);
    }
    expect(hledger.size).toBe(tb.rows.filter((r) => r.closing !== '0.00').length);
  });

  it('DATEV EXTF: header line, column line, pairs that balance per account, Windows-1252', () => {
    const out = exportFile(vault.ctx, 'datev', FROM, TO, { advisor: 29098, client: 55003 });
    expect(out.fileName).toBe('EXTF_Buchungsstapel_2026-01-01_2026-12-31.csv');
    const bytes = Buffer.from(out.base64, 'base64');
    const text = iconv.decode(bytes, 'win1252');
    expect(bytes.includes(Buffer.from('Erlöse', 'utf8'))).toBe(false);
    const [header = '', columns = '', ...rows] = text.trimEnd().split('\r\n');
    const fields = header.split(';');
    expect(fields.slice(0, 5)).toEqual(['"EXTF"', '700', '21', '"Buchungsstapel"', '13']);
    expect(fields.slice(10, 16)).toEqual(['29098', '55003', '20260101', '4', '20260101', '20261231']);
    expect(fields[26]).toBe('"03"');
    expect(columns.split(';')).toEqual(DATEV_COLUMNS.map((c) => `"${c}"`));
    const balances = new Map<string, number>();
    for (const row of rows) {
      const cells = row.split(';');
      const cents = Math.round(Number((cells[0] ?? '').replace(',', '.')) * 100);
      expect(cells[1]).toBe('"S"');
      balances.set(cells[6] ?? '', (balances.get(cells[6] ?? '') ?? 0) + cents);
      balances.set(cells[7] ?? '', (balances.get(cells[7] ?? '') ?? 0) - cents);
      expect(cells[9]).toMatch(/^\d{4}$/);
    }
    for (const row of trialBalance(vault.ctx, FROM, TO).rows) {
      expect([row.account, formatMoney(BigInt(balances.get(row.account) ?? 0), 'EUR')]).toEqual([row.account, row.closing]);
    }
    expect(rows.some((r) => r.includes('"8400";"40"') || r.includes(';8400;"40"'))).toBe(true);
  });

  it('FEC is refused without a SIREN, with a message that says where to enter it', () => {
    expect(() => exportFile(vault.ctx, 'fec', FROM, TO, { advisor: 1001, client: 1 })).toThrow(/SIREN/);
  });

  it('a sealed trial balance PDF verifies with pdfsig; CSV has the same rows; both opens are audited', async () => {
    const pdf = await reportFile(vault.ctx, 'trial-balance', { from: FROM, to: TO }, 'pdf');
    const path = join(vault.dir, pdf.fileName);
    writeFileSync(path, Buffer.from(pdf.base64, 'base64'));
    const verdict = execFileSync('pdfsig', [path], { encoding: 'utf8' });
    expect(verdict).toContain('Signature is Valid.');
    expect(verdict).toContain('Total document signed');
    const csv = Buffer.from((await reportFile(vault.ctx, 'trial-balance', { from: FROM, to: TO }, 'csv')).base64, 'base64').toString('utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Account,Name,Opening,Debit,Credit,Closing');
    expect(lines).toHaveLength(trialBalance(vault.ctx, FROM, TO).rows.length + 2);
    expect(auditRows(vault.db).filter((r) => r.action === 'books.report')).toHaveLength(2);
  });
});

describe('FEC (PCG)', () => {
  it('18 columns in order, tab-separated, YYYYMMDD, decimal comma, <SIREN>FEC<closing date>.txt; debits equal credits', async () => {
    const vault = openBooksVault('pcg');
    try {
      updateCompany(vault.ctx, { registrationNumber: '732 829 320 00074', vatId: 'FR44732829320' });
      await issued(vault, [{ description: 'Prestation', quantity: '1', unitPrice: '100', vatRate: '20' }], 'Dupont SA');
      expect(() => exportFile(vault.ctx, 'datev', FROM, TO, { advisor: 1001, client: 1 })).toThrow(/SKR03 or SKR04/);
      const out = exportFile(vault.ctx, 'fec', FROM, TO, { advisor: 1001, client: 1 });
      expect(out.fileName).toBe('732829320FEC20261231.txt');
      const [header = '', ...rows] = Buffer.from(out.base64, 'base64').toString('utf8').replace(/\r\n$/, '').split('\r\n');
      expect(header.split('\t')).toEqual([...FEC_COLUMNS]);
      expect(rows).toHaveLength(3);
      const cells = rows.map((r) => r.split('\t'));
      expect(cells.every((c) => c.length === 18)).toBe(true);
      expect(cells[0]?.slice(0, 6)).toEqual(['VE', 'Ventes', '2026-000001', '20261124', '411000', 'Clients']);
      expect(cells[0]?.slice(11, 13)).toEqual(['120,00', '0,00']);
      const sum = (i: number): number => cells.reduce((t, c) => t + Number((c[i] ?? '0').replace(',', '.')), 0);
      expect(sum(11)).toBeCloseTo(sum(12), 6);
    } finally {
      vault.close();
    }
  });
});
