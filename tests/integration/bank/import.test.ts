import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, getAccount, updateAccount } from '../../../src-main/core/bank/accounts.js';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { ConflictError, ValidationError } from '../../../src-main/core/errors.js';
import type { TestVault } from './setup.js';
import { auditRows, newAccount, openTestVault } from './setup.js';

let vault: TestVault;
beforeEach(() => {
  vault = openTestVault();
});
afterEach(() => {
  vault.close();
});

const csv = (rows: string[]): Uint8Array =>
  Buffer.from(['Buchungstag;Verwendungszweck;Begünstigter / Auftraggeber;Betrag', ...rows].join('\r\n'), 'utf8');

const importCsv = (accountId: string, rows: string[], fileName = 'umsaetze.csv') =>
  importStatement(vault.ctx, { accountId, fileName, bytes: csv(rows) });

function mt940(statements: { ref: string; open: string; lines: { date: string; amount: string; bankRef: string; text: string }[]; close: string }[]): Uint8Array {
  const body = statements.flatMap((s) => [
    `:20:${s.ref}`,
    ':25:DE89370400440532013000',
    ':28C:1',
    `:60F:${s.open}`,
    ...s.lines.flatMap((l) => [`:61:${l.date}${l.date.slice(2)}${l.amount.startsWith('-') ? 'D' : 'C'}${l.amount.replace('-', '').replace('.', ',')}NTRFNONREF//${l.bankRef}`, `:86:166?00GUTSCHRIFT?20${l.text}?32ACME GMBH`]),
    `:62F:${s.close}`,
    '-',
  ]);
  return Buffer.from(body.join('\r\n'), 'latin1');
}

describe('accounts', () => {
  it('checks the IBAN checksum, the BIC and the currency, and refuses a second account of the same name', () => {
    expect(() => createAccount(vault.ctx, { name: 'Giro', iban: 'DE89 3704 0044 0532 0130 01' })).toThrow(/not valid \(its check digits/);
    expect(() => createAccount(vault.ctx, { name: 'Giro', bic: 'COBA' })).toThrow(ValidationError);
    expect(() => createAccount(vault.ctx, { name: 'Giro', currency: 'XYZ' })).toThrow(/not supported/);
    const account = createAccount(vault.ctx, { name: 'Giro', iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeffxxx', openingBalance: '1200.50' });
    expect(account).toMatchObject({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', currency: 'EUR', openingBalance: '1200.50', balance: '1200.50' });
    expect(() => createAccount(vault.ctx, { name: 'giro' })).toThrow(ConflictError);
    expect(auditRows(vault.db).map((r) => r.action)).toEqual(['bank.account.create']);
  });

  it('keeps the currency once lines are imported', () => {
    const id = newAccount(vault.ctx, 'Giro');
    importCsv(id, ['01.12.2026;Miete;Vermieter;-500,00']);
    expect(() => updateAccount(vault.ctx, id, { currency: 'USD' })).toThrow(/cannot change/);
    expect(updateAccount(vault.ctx, id, { name: 'Geschäftskonto' }).name).toBe('Geschäftskonto');
  });
});

describe('import and dedup', () => {
  it('keeps two identical payments on one day, adds nothing for the same file again, and only the new lines of an overlapping file', () => {
    const id = newAccount(vault.ctx, 'Giro');
    const first = importCsv(id, ['01.12.2026;Kaffee;Café Müller;-3,50', '01.12.2026;Kaffee;Café Müller;-3,50', '02.12.2026;Rechnung 2026-0001;Acme SARL;119,00']);
    expect(first).toMatchObject({ format: 'csv', new: 3, duplicates: 0, rejected: [], alreadyImported: false, importedBefore: null });
    const again = importCsv(id, ['01.12.2026;Kaffee;Café Müller;-3,50', '01.12.2026;Kaffee;Café Müller;-3,50', '02.12.2026;Rechnung 2026-0001;Acme SARL;119,00']);
    expect(again).toMatchObject({ new: 0, duplicates: 3, alreadyImported: true, importId: null, importedBefore: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown });
    expect(again.message).toMatch(/already imported on 2026-11-24: nothing was added/);
    const overlap = importCsv(id, ['02.12.2026;Rechnung 2026-0001;Acme SARL;119,00', '03.12.2026;Strom;Stadtwerke;-80,00'], 'dezember.csv');
    expect(overlap).toMatchObject({ new: 1, duplicates: 1, alreadyImported: false });
    expect(getAccount(vault.ctx, id)).toMatchObject({ transactionCount: 4, balance: '32.00' });
    // Whitespace and case do not make a line new.
    expect(importCsv(id, ['03.12.2026;STROM ;stadtwerke;-80,00'], 'x.csv').new).toBe(0);
    const imports = auditRows(vault.db).filter((r) => r.action === 'bank.import');
    expect(imports).toHaveLength(4);
    expect(JSON.parse(imports[1]?.details ?? '{}')).toMatchObject({ new: 0, duplicates: 3, alreadyImported: true });
  });

  it('dedups by the bank reference where the file has one, whatever the text says', () => {
    const id = newAccount(vault.ctx, 'Giro', { iban: 'DE89370400440532013000' });
    const file = (text: string) =>
      mt940([{ ref: 'S1', open: 'C261201EUR100,00', lines: [{ date: '261202', amount: '50.00', bankRef: 'REF-1', text }], close: 'C261202EUR150,00' }]);
    expect(importStatement(vault.ctx, { accountId: id, fileName: 'a.sta', bytes: file('Rechnung 1') }).new).toBe(1);
    expect(importStatement(vault.ctx, { accountId: id, fileName: 'b.sta', bytes: file('Rechnung 1 (korrigiert)') })).toMatchObject({ new: 0, duplicates: 1 });
  });

  it('reports malformed rows with their line numbers and imports the valid rest', () => {
    const id = newAccount(vault.ctx, 'Giro');
    const result = importCsv(id, ['01.12.2026;Miete;Vermieter;-500,00', '31.02.2026;Falsch;X;-1,00', '02.12.2026;Kaputt;Y;zwölf', '03.12.2026;Gehalt;Firma;2500,00', '05.12.2026;Cent;Z;0,001', '04.12.2026;"Zitat;Z;1,00']);
    expect(result.new).toBe(2);
    // Each with the reason the app words in its language.
    expect(result.rejected).toEqual([
      { line: 3, message: "Line 3: '31.02.2026' is not a date in the DMY order this file uses.", reason: { code: 'not-a-date', params: { value: '31.02.2026' } } },
      { line: 4, message: "Line 4: 'zwölf' is not an amount (decimal mark ',').", reason: { code: 'not-an-amount', params: { value: 'zwölf' } } },
      { line: 7, message: 'Line 7: a quoted field never closes; the row was not read.', reason: { code: 'quote-unclosed' } },
      { line: 6, message: 'Line 6: 0.001 has more decimals than EUR allows.', reason: { code: 'too-many-decimals', params: { value: '0.001', currency: 'EUR' } } },
    ]);
  });

  it('masks card numbers in every text field before storage', () => {
    const id = newAccount(vault.ctx, 'Giro');
    importCsv(id, ['01.12.2026;Kartenzahlung 4111 1111 1111 1111 Tankstelle;Karte 5500-0000-0000-0004;-40,00']);
    const row = vault.db.prepare('SELECT payee, text FROM bank_transactions').get() as { payee: string; text: string };
    expect(row.text).toBe('Kartenzahlung ************1111 Tankstelle');
    expect(row.payee).toBe('Karte ************0004');
    const fts = vault.db.prepare("SELECT count(*) AS n FROM bank_transactions_fts WHERE bank_transactions_fts MATCH '\"4111\"'").get() as { n: number };
    expect(fts.n).toBe(0);
  });

  it('refuses a statement of another IBAN, and one in another currency, and imports nothing of them', () => {
    const id = newAccount(vault.ctx, 'Giro', { iban: 'FR7630006000011234567890189' });
    const file = mt940([{ ref: 'S1', open: 'C261201EUR100,00', lines: [{ date: '261202', amount: '50.00', bankRef: 'R1', text: 'x' }], close: 'C261202EUR150,00' }]);
    const result = importStatement(vault.ctx, { accountId: id, fileName: 'a.sta', bytes: file });
    expect(result.new).toBe(0);
    expect(result.rejected[0]?.message).toMatch(/for account DE89370400440532013000, not Giro/);
    expect(result.rejected[0]?.reason).toEqual({ code: 'other-account', params: { iban: 'DE89370400440532013000', account: 'Giro', accountIban: 'FR7630006000011234567890189' } });
    const usd = newAccount(vault.ctx, 'Dollar', { currency: 'USD' });
    const dollar = importStatement(vault.ctx, { accountId: usd, fileName: 'a.sta', bytes: file }).rejected[0];
    expect(dollar?.message).toMatch(/in EUR, but Dollar is kept in USD/);
    expect(dollar?.reason).toEqual({ code: 'other-currency', params: { currency: 'EUR', account: 'Dollar', accountCurrency: 'USD' } });
  });

  it('refuses XML with a DOCTYPE (entity bombs, XXE) before parsing it', () => {
    const id = newAccount(vault.ctx, 'Giro');
    const bomb = Buffer.from('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&b;</BkToCstmrStmt></Document>');
    expect(() => importStatement(vault.ctx, { accountId: id, fileName: 'x.xml', bytes: bomb })).toThrow(/DOCTYPE or entities/);
    expect(vault.db.prepare('SELECT count(*) AS n FROM bank_imports').get()).toEqual({ n: 0 });
  });
});

describe('reconciliation', () => {
  it('agrees when balances and lines add up, and names a gap to the previous statement in plain words', () => {
    const id = newAccount(vault.ctx, 'Giro', { iban: 'DE89370400440532013000' });
    const november = mt940([
      { ref: 'S1', open: 'C261101EUR1000,00', lines: [{ date: '261102', amount: '-200.00', bankRef: 'A1', text: 'Miete' }], close: 'C261102EUR800,00' },
    ]);
    const first = importStatement(vault.ctx, { accountId: id, fileName: 'nov.sta', bytes: november });
    expect(first.reconciliation).toEqual([
      {
        ok: true,
        message: 'Statement 2026-11-01 to 2026-11-02: opening 1000.00 EUR plus 1 line (-200.00 EUR) equals the closing balance 800.00 EUR.',
        // The same figures for the app to word in its own language.
        facts: { currency: 'EUR', from: '2026-11-01', to: '2026-11-02', opening: '1000.00', closing: '800.00', lines: 1, total: '-200.00', mismatch: null, gap: null },
      },
    ]);
    const december = mt940([
      { ref: 'S2', open: 'C261201EUR750,00', lines: [{ date: '261202', amount: '100.00', bankRef: 'A2', text: 'Gutschrift' }], close: 'C261202EUR900,00' },
    ]);
    const [note] = importStatement(vault.ctx, { accountId: id, fileName: 'dec.sta', bytes: december }).reconciliation;
    expect(note?.ok).toBe(false);
    expect(note?.message).toBe(
      'Statement 2026-12-01 to 2026-12-02: the opening balance 750.00 EUR plus 1 line (100.00 EUR) makes 850.00 EUR, but the bank states a closing balance of 900.00 EUR: 50.00 EUR missing; and the previous statement closed at 800.00 EUR on 2026-11-02, but this one opens at 750.00 EUR: a difference of 50.00 EUR, so a statement may be missing in between.',
    );
    expect(note?.facts).toMatchObject({
      opening: '750.00',
      closing: '900.00',
      mismatch: { computed: '850.00', difference: '50.00', missing: true, rejected: 0 },
      gap: { previousClosing: '800.00', previousDate: '2026-11-02', opening: '750.00', difference: '50.00' },
    });
    const stored = vault.db.prepare('SELECT ok, message FROM bank_statements ORDER BY id').all() as { ok: number; message: string }[];
    expect(stored.map((s) => s.ok)).toEqual([1, 0]);
  });
});
