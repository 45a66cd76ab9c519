import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealbook } from '../cli/run-cli.js';
import { CORPUS } from './setup.js';

const PASSWORD = 'quartz harbour lantern 7781';

interface Imported {
  new: number;
  duplicates: number;
  rejected: { line: number; message: string }[];
  alreadyImported: boolean;
  reconciliation: { ok: boolean; message: string }[];
}

/**
 * Issue 8's "done when", through the real `sealbook` bin and a real vault: a
 * German (Volksbank MT940), a French (MT940 with a French IBAN) and a US
 * bank (OFX) in their native formats, balances reconciled, any line found by
 * typing, and a bank line matched to an issued invoice.
 */
// Each step runs several real processes (each unlock pays the deliberate KDF cost): a loaded CI machine needs room.
describe('sealbook bank CLI', { timeout: 180_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-cli-bank-'));
  const dir = join(work, 'books');
  const run = (args: string[]) => sealbook(args, { SEALBOOK_PASSWORD: PASSWORD }, join(work, 'app-data'));
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed view of the CLI's JSON output
  const parse = <T>(stdout: string): T => JSON.parse(stdout) as T;
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('adds accounts, refusing a bad IBAN with exit 6', async () => {
    expect((await run(['vault', 'create', dir, '--owner', 'olga', '--company', 'Grün GmbH', '--kit', join(work, 'kit.pdf')])).code).toBe(0);
    const bad = await run(['bank', 'account', 'add', dir, '--name', 'Volksbank', '--iban', 'DE89370400440532013001', '--user', 'olga', '--json']);
    expect(bad.code).toBe(6);
    expect(bad.stdout).toMatch(/check digits do not match/);
    for (const args of [
      ['--name', 'Volksbank', '--iban', 'DE89 3704 0044 0532 0130 00'],
      ['--name', 'Banque', '--iban', 'FR7630006000011234567890189'],
      ['--name', 'Checking', '--currency', 'USD'],
    ]) {
      const added = await run(['bank', 'account', 'add', dir, ...args, '--user', 'olga', '--json']);
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
    }
  });

  it('imports German, French and US statements in their native formats, reconciled, and adds nothing the second time', async () => {
    const volksbank = await run(['bank', 'import', dir, join(CORPUS, 'mt940/rf_vr_teilhaberbank_de_crlf.mta'), '--account', 'Volksbank', '--user', 'olga', '--json']);
    expect(volksbank.code).toBe(0);
    const de = parse<Imported>(volksbank.stdout);
    expect(de).toMatchObject({ new: 5, duplicates: 0, rejected: [], alreadyImported: false });
    expect(de.reconciliation.map((n) => n.ok)).toEqual([true, true, true]);
    const banque = parse<Imported>((await run(['bank', 'import', dir, join(CORPUS, 'mt940/actual_mixed_86_styles_utf8.sta'), '--account', 'Banque', '--user', 'olga', '--json'])).stdout);
    expect(banque).toMatchObject({ new: 6, rejected: [] });
    expect(banque.reconciliation[0]?.message).toMatch(/opening 1500\.00 EUR plus 6 lines .* equals the closing balance 2496\.71 EUR/);
    const us = parse<Imported>((await run(['bank', 'import', dir, join(CORPUS, 'ofx/ofxparse_checking_v102_sgml.ofx'), '--account', 'Checking', '--format', 'ofx', '--user', 'olga', '--json'])).stdout);
    expect(us).toMatchObject({ new: 3, rejected: [] });
    const again = await run(['bank', 'import', dir, join(CORPUS, 'mt940/rf_vr_teilhaberbank_de_crlf.mta'), '--account', 'Volksbank', '--user', 'olga']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported on \d{4}-\d{2}-\d{2}: nothing was added \(5 lines known\)/);
    const wrong = await run(['bank', 'import', dir, join(CORPUS, 'mt940/actual_mixed_86_styles_utf8.sta'), '--account', 'Volksbank', '--user', 'olga', '--json']);
    expect(parse<Imported>(wrong.stdout).rejected[0]?.message).toMatch(/for account FR7630006000011234567890189, not Volksbank/);
  });

  it('reports a broken file with its line numbers, and refuses one that is no statement', async () => {
    const dkb = parse<Imported>((await run(['bank', 'import', dir, join(CORPUS, 'csv/rf_de_dkb_bom_broken_quote.csv'), '--account', 'Volksbank', '--user', 'olga', '--json'])).stdout);
    expect(dkb.new).toBe(7);
    expect(dkb.rejected.map((r) => r.line)).toEqual([11]);
    expect(dkb.rejected[0]?.message).toMatch(/^Line 11: a quote/);
    const refused = await run(['bank', 'import', dir, join(CORPUS, 'ofx/ofxparse_error_message_v211.ofx'), '--account', 'Checking', '--user', 'olga', '--json']);
    expect(refused.code).toBe(6);
    const { error } = parse<{ error: { code: string; message: string } }>(refused.stdout);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/General Server Error/);
  });

  it('imports several statements and a folder in name order, each on its own: a file that is no statement is refused, the rest imported', async () => {
    const statement = (ref: string, open: string, line: string, close: string): string =>
      [`:20:${ref}`, ':25:DE02120300000000202051', ':28C:1', `:60F:${open}`, line, `:86:166?00GUTSCHRIFT?20Miete ${ref}?32ACME GMBH`, `:62F:${close}`, '-'].join('\r\n');
    const folder = join(work, 'statements');
    mkdirSync(folder);
    // Named by period: "2026-9" must come before "2026-10" for each to open where the one before closed.
    writeFileSync(join(folder, '2026-10.sta'), statement('S10', 'C260930EUR1100,00', ':61:2610151015D50,00NTRFNONREF//B10', 'C261031EUR1050,00'));
    writeFileSync(join(folder, '2026-9.sta'), statement('S9', 'C260831EUR1000,00', ':61:2609150915C100,00NTRFNONREF//B9', 'C260930EUR1100,00'));
    writeFileSync(join(folder, 'notes.txt'), 'Kontoauszüge 2026, bitte ablegen.\n');
    expect((await run(['bank', 'account', 'add', dir, '--name', 'Sparkasse', '--iban', 'DE02120300000000202051', '--user', 'olga'])).code).toBe(0);
    const batch = await run(['bank', 'import', dir, folder, '--account', 'Sparkasse', '--user', 'olga', '--json']);
    expect(batch.code).toBe(6);
    const outcome = parse<{ new: number; duplicates: number; refusedFiles: number; files: ({ file: string; error: string } | ({ file: string } & Imported))[] }>(batch.stdout);
    expect(outcome).toMatchObject({ new: 2, duplicates: 0, refusedFiles: 1 });
    expect(outcome.files.map((f) => f.file)).toEqual(['2026-9.sta', '2026-10.sta', 'notes.txt']);
    expect(outcome.files.slice(0, 2).map((f) => ('reconciliation' in f ? f.reconciliation.map((n) => n.ok) : null))).toEqual([[true], [true]]);
    expect(outcome.files[2]).toMatchObject({ file: 'notes.txt', error: expect.stringMatching(/No rows with a date and an amount/) as unknown });
    // Named one by one, in any order, the same files are known already.
    const again = await run(['bank', 'import', dir, join(folder, '2026-10.sta'), join(folder, '2026-9.sta'), '--account', 'Sparkasse', '--user', 'olga']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^2 file\(s\): 0 new, 2 already known, 0 row\(s\) rejected, 0 file\(s\) refused\.\n2026-9\.sta: This file was already imported/);
  });

  it('finds a line by typing part of its words', async () => {
    const found = await run(['bank', 'list', dir, '--account', 'Volksbank', '--search', 'payp ebay', '--user', 'olga', '--json']);
    expect(found.code).toBe(0);
    const rows = parse<{ amount: string; payee: string }[]>(found.stdout);
    expect(rows).toEqual([expect.objectContaining({ amount: '-17.90', payee: 'PayPal Europe S.a.r.l. et Cie S.C.A' })]);
    const all = parse<unknown[]>((await run(['bank', 'list', dir, '--account', 'Banque', '--user', 'olga', '--json'])).stdout);
    expect(all).toHaveLength(6);
  });

  it('suggests the issued invoice a bank line pays, with the reasons', async () => {
    const invoiceFile = join(work, 'invoice.json');
    writeFileSync(invoiceFile, JSON.stringify({
      customer: { name: 'Employeur Acme SARL', address: '1 rue de la Paix, Paris' },
      currency: 'EUR',
      issueDate: '2025-07-31',
      dueDate: '2025-08-30',
      lines: [{ description: 'Mission juillet', quantity: '1', unitPrice: '1200.00', vatRate: '0', exemptionReason: 'Autoliquidation' }],
    }));
    const draft = parse<{ id: string }>((await run(['invoice', 'create', dir, '--json-file', invoiceFile, '--user', 'olga', '--json'])).stdout);
    expect((await run(['invoice', 'issue', dir, draft.id, '--user', 'olga', '--json'])).code).toBe(0);
    const matched = await run(['bank', 'match', dir, '--account', 'Banque', '--user', 'olga', '--json']);
    expect(matched.code).toBe(0);
    const [best] = parse<{ kind: string; targetId: string; score: number; reasons: string[] }[]>(matched.stdout);
    expect(best).toMatchObject({ kind: 'invoice', targetId: draft.id, score: 70, reasons: ['amount 1200.00 equals the open balance', 'customer name Employeur Acme SARL in the text'] });
  });
});
