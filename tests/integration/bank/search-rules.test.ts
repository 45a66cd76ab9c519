import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { categorise, createCategory } from '../../../src-main/core/bank/categories.js';
import { importStatement } from '../../../src-main/core/bank/importer.js';
import { previewCsv, saveProfile } from '../../../src-main/core/bank/profiles.js';
import { applyRules, createRule, listRules } from '../../../src-main/core/bank/rules.js';
import { ftsQuery, listTransactions } from '../../../src-main/core/bank/transactions.js';
import type { TestVault } from './setup.js';
import { newAccount, openTestVault } from './setup.js';

let vault: TestVault;
let giro: string;
beforeEach(() => {
  vault = openTestVault();
  giro = newAccount(vault.ctx, 'Giro');
});
afterEach(() => {
  vault.close();
});

const csv = (rows: string[]): Uint8Array => Buffer.from(['Datum;Text;Name;Betrag', ...rows].join('\n'), 'utf8');
const load = (rows: string[], fileName = 'a.csv') => importStatement(vault.ctx, { accountId: giro, fileName, bytes: csv(rows) });

describe('search', () => {
  beforeEach(() => {
    load([
      '01.12.2026;Rechnung 2026-0042 Danke;Müller & Söhne GmbH;119,00',
      '02.12.2026;Miete Dezember;Hausverwaltung Nord;-950,00',
      '03.12.2026;Kartenzahlung Bäckerei;Bäckerei Schröder;-4,20',
      '10.11.2026;Strom November;Stadtwerke;-80,00',
    ]);
  });

  it('finds lines by word prefixes as one types, accents ignored, FTS syntax treated as text', () => {
    const texts = (search: string) => listTransactions(vault.ctx, { search }, null, 50).rows.map((r) => r.payee);
    expect(texts('mül rech')).toEqual(['Müller & Söhne GmbH']);
    expect(texts('mul')).toEqual(['Müller & Söhne GmbH']);
    expect(texts('backerei')).toEqual(['Bäckerei Schröder']);
    expect(texts('2026-0042')).toEqual(['Müller & Söhne GmbH']);
    expect(texts('"miete" OR strom')).toEqual([]);
    expect(texts('miete) dez*')).toEqual(['Hausverwaltung Nord']);
    expect(ftsQuery('  ')).toBeNull();
  });

  it('filters by account, dates, amount range and matched state', () => {
    const other = newAccount(vault.ctx, 'Sparbuch');
    importStatement(vault.ctx, { accountId: other, fileName: 's.csv', bytes: csv(['05.12.2026;Zinsen;Bank;1,00']) });
    const amounts = (filter: Parameters<typeof listTransactions>[1]) => listTransactions(vault.ctx, filter, null, 50).rows.map((r) => r.amount);
    expect(amounts({})).toHaveLength(5);
    expect(amounts({ accountId: giro })).toEqual(['-4.20', '-950.00', '119.00', '-80.00']);
    expect(amounts({ from: '2026-12-02', to: '2026-12-05' })).toEqual(['1.00', '-4.20', '-950.00']);
    expect(amounts({ accountId: giro, minAmount: '-100', maxAmount: '0' })).toEqual(['-4.20', '-80.00']);
    expect(amounts({ minAmount: '-100', maxAmount: '10' })).toEqual(['1.00', '-4.20', '-80.00']);
    expect(amounts({ matched: true })).toEqual([]);
    expect(listTransactions(vault.ctx, { search: 'miete' }, null, 50).total).toBe(1);
  });

  it('pages by keyset: every line once, in order, across pages', () => {
    const rows = Array.from({ length: 250 }, (_, i) => `${String((i % 28) + 1).padStart(2, '0')}.10.2026;Posten ${String(i)};Lieferant;-${String(i + 1)},00`);
    load(rows, 'october.csv');
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ReturnType<typeof listTransactions> = listTransactions(vault.ctx, { search: 'posten' }, cursor, 60);
      if (pages === 0) expect(page.total).toBe(250);
      else expect(page.total).toBeNull();
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(250);
    expect(() => listTransactions(vault.ctx, {}, 'bm90LWEtY3Vyc29y', 10)).toThrow(/page marker is not valid/);
  });

  it('gives the same pages, newest first, whether a search has few or many matches', () => {
    // Out of date order on purpose, and re-imported with overlap: the index must hold each line once.
    const rows = Array.from({ length: 120 }, (_, i) => `${String((i * 7) % 28 + 1).padStart(2, '0')}.09.2026;${i % 4 === 0 ? 'Selten' : 'Oft'} ${String(i)};Lieferant;-${String(i + 1)},00`);
    load(rows.slice(0, 80), 'first.csv');
    load(rows.slice(40), 'second.csv');
    const all = (search: string, limit: number): string[] => {
      const out: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: ReturnType<typeof listTransactions> = listTransactions(vault.ctx, { search }, cursor, limit);
        out.push(...page.rows.map((r) => `${r.bookingDate} ${r.text}`));
        cursor = page.next;
        pages += 1;
      } while (cursor !== null && pages < 200);
      return out;
    };
    const expected = (word: string) => rows.filter((r) => r.includes(`;${word} `)).map((r) => `2026-09-${r.slice(0, 2)} ${r.split(';')[1] ?? ''}`);
    const newestFirst = (lines: string[]) => [...lines].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    for (const limit of [1, 7, 500]) {
      for (const word of ['oft', 'selten', 'lieferant']) {
        const found = all(word, limit);
        expect(new Set(found).size).toBe(found.length);
        if (word !== 'lieferant') expect([...found].sort()).toEqual([...expected(word.replace(/^./, (c) => c.toUpperCase()))].sort());
        else expect(found).toHaveLength(120);
        expect(found.map((f) => f.slice(0, 10))).toEqual(newestFirst(found).map((f) => f.slice(0, 10)));
      }
    }
    expect(listTransactions(vault.ctx, { search: 'lieferant' }, null, 5).total).toBe(120);
    expect(listTransactions(vault.ctx, { search: 'lieferant', accountId: giro, maxAmount: '-100' }, null, 5).total).toBe(21);
  });
});

describe('categories and rules', () => {
  it('learns a payee rule from a confirmed category and applies it to the next import and to older lines', () => {
    load(['01.12.2026;Abo;Telekom Deutschland GmbH;-39,95', '02.12.2026;Abo;Telekom Deutschland GmbH;-39,95']);
    const phone = createCategory(vault.ctx, 'Telefon');
    const [first] = listTransactions(vault.ctx, { search: 'telekom' }, null, 1).rows;
    if (!first) throw new Error('no line');
    expect(categorise(vault.ctx, first.id, phone.id)).toEqual({ learnedRule: 'Telekom Deutschland GmbH' });
    expect(listRules(vault.ctx)).toMatchObject([{ field: 'payee', contains: 'Telekom Deutschland GmbH', category: 'Telefon', learned: true }]);
    // The other, older line is still uncategorised until rules are applied.
    expect(listTransactions(vault.ctx, { categoryId: null }, null, 10).rows).toHaveLength(1);
    expect(applyRules(vault.ctx)).toBe(1);
    load(['03.01.2027;Abo Januar;TELEKOM DEUTSCHLAND GMBH;-39,95'], 'jan.csv');
    expect(listTransactions(vault.ctx, { categoryId: phone.id }, null, 10).rows).toHaveLength(3);
    // A hand-written text rule.
    const rent = createCategory(vault.ctx, 'Miete');
    createRule(vault.ctx, { field: 'text', contains: 'miete', categoryId: rent.id });
    load(['04.01.2027;Miete Januar;Hausverwaltung;-950,00'], 'rent.csv');
    expect(listTransactions(vault.ctx, { categoryId: rent.id }, null, 10).rows.map((r) => r.text)).toEqual(['Miete Januar']);
    expect(() => createRule(vault.ctx, { field: 'text', contains: 'miete', categoryId: rent.id })).toThrow(/exists already/);
  });
});

describe('CSV profiles', () => {
  it('saves a mapping per bank and proposes it again when the header matches', () => {
    const file = Buffer.from('Wann|Was|Wieviel|Richtung\n2026-12-01|Honorar|119.00|H\n2026-12-02|Büro|20.00|S\n', 'utf8');
    const proposed = previewCsv(vault.ctx, file, null);
    if (!proposed) throw new Error('not read as CSV');
    expect(proposed.profile).toBeNull();
    const mapping = { ...proposed.mapping, delimiter: '|' as const, amount: 2, marker: 3, text: [1], date: 0, decimal: '.' as const };
    const preview = previewCsv(vault.ctx, file, mapping);
    expect(preview?.rows.map((r) => r.amount)).toEqual(['119.00', '-20.00']);
    saveProfile(vault.ctx, 'Meine Bank', mapping, file);
    expect(previewCsv(vault.ctx, Buffer.from('OFXHEADER:100\n<OFX>'), null)).toBeNull();
    const again = previewCsv(vault.ctx, Buffer.from('Wann|Was|Wieviel|Richtung\n2026-12-05|Porto|1.00|S\n', 'utf8'), null);
    expect(again?.profile).toBe('Meine Bank');
    expect(again?.rows[0]).toMatchObject({ date: '2026-12-05', amount: '-1.00', error: null });
    const result = importStatement(vault.ctx, { accountId: giro, fileName: 'p.csv', bytes: file });
    expect(result.new).toBe(2);
    expect(listTransactions(vault.ctx, {}, null, 10).rows.map((r) => r.amount)).toEqual(['-20.00', '119.00']);
  });
});
