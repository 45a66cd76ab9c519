import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealbook } from '../cli/run-cli.js';
import { ensureEInvoiceRules, sharedEInvoiceDir } from './corpus.js';

const PASSWORD = 'quartz harbour lantern 7781';

/** Issue 10 item 10, through the real `sealbook` bin, a real vault and keychain, poppler's tools on the result. */
describe('sealbook e-invoice CLI', () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-cli-einv-'));
  const dir = join(work, 'books');
  const run = (args: string[]) => sealbook(args, { SEALBOOK_PASSWORD: PASSWORD }, join(work, 'app-data'));
  const file = (name: string, value: string | Uint8Array): string => {
    const path = join(work, name);
    writeFileSync(path, value);
    return path;
  };
  const cen = (name: string): string => join(sharedEInvoiceDir(), 'en16931/cii/examples', name);
  const ubl = (name: string): string => join(sharedEInvoiceDir(), 'en16931/ubl/examples', name);

  beforeAll(() => {
    ensureEInvoiceRules();
  }, 600_000);
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('validates without a vault: exit 0 for an official example, exit 3 with rule ids for a changed total', async () => {
    const ok = await run(['einvoice', 'validate', cen('CII_example1.xml'), '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { valid: boolean }).valid).toBe(true);
    const changed = readFileSync(cen('CII_example1.xml'), 'utf8').replace('<ram:GrandTotalAmount>250.33<', '<ram:GrandTotalAmount>251.33<');
    const bad = await run(['einvoice', 'validate', file('changed.xml', changed), '--json']);
    expect(bad.code).toBe(3);
    const report = JSON.parse(bad.stdout) as { valid: boolean; errors: { ruleId: string }[] };
    expect(report.valid).toBe(false);
    expect(report.errors.map((e) => e.ruleId)).toContain('BR-CO-15');
  }, 180_000);

  it('refuses an XML bomb before parsing it (exit 6)', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rsm:CrossIndustryInvoice>&lol2;</rsm:CrossIndustryInvoice>';
    const result = await run(['einvoice', 'validate', file('bomb.xml', bomb), '--json']);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/DOCTYPE/);
  });

  it('receives a batch: received, duplicates with the first id, rejected files with a code', async () => {
    expect((await run(['vault', 'create', dir, '--owner', 'olga', '--company', 'Grün GmbH', '--kit', join(work, 'kit.pdf')])).code).toBe(0);
    copyFileSync(cen('CII_example2.xml'), join(work, 'again.xml'));
    const result = await run([
      'einvoice', 'receive', dir, cen('CII_example2.xml'), ubl('ubl-tc434-example3.xml'), join(work, 'again.xml'), file('notes.txt', 'hello'), file('broken.xml', '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"><a>'),
      '--user', 'olga', '--json',
    ]);
    const outcome = JSON.parse(result.stdout) as {
      received: { file: string; id: string }[];
      duplicates: { file: string; existingId: string }[];
      rejected: { file: string; code: string; message: string }[];
    };
    expect(outcome.received.map((r) => r.file)).toEqual(['CII_example2.xml', 'ubl-tc434-example3.xml']);
    expect(outcome.duplicates).toEqual([{ file: 'again.xml', existingId: outcome.received[0]?.id }]);
    expect(outcome.rejected.map((r) => [r.file, r.code])).toEqual([['notes.txt', 'VALIDATION'], ['broken.xml', 'VALIDATION']]);
    expect(result.code).toBe(6);

    // The sealed rendition of the XML invoice, and its original byte for byte.
    const id = outcome.received[0]?.id ?? '';
    const rendition = join(work, 'rendition.pdf');
    expect((await run(['einvoice', 'export', dir, id, '--out', rendition, '--user', 'olga'])).code).toBe(0);
    expect(execFileSync('pdfsig', [rendition], { encoding: 'utf8' })).toContain('Signature is Valid.');
    expect(execFileSync('pdftotext', [rendition, '-'], { encoding: 'utf8' })).toContain('TOSL108');
    const original = join(work, 'original.xml');
    expect((await run(['einvoice', 'export', dir, id, '--out', original, '--original', '--user', 'olga'])).code).toBe(0);
    expect(readFileSync(original).equals(readFileSync(cen('CII_example2.xml')))).toBe(true);
  }, 240_000);

  it('receives a folder, walked: subfolders in name order, hidden files left out, an empty file refused on its own', async () => {
    const inbox = join(work, 'inbox');
    mkdirSync(join(inbox, 'b-vendor'), { recursive: true });
    copyFileSync(ubl('ubl-tc434-example1.xml'), join(inbox, 'a-first.xml'));
    copyFileSync(cen('CII_example4.xml'), join(inbox, 'b-vendor', 'rechnung.xml'));
    writeFileSync(join(inbox, '.DS_Store'), 'Finder');
    writeFileSync(join(inbox, 'c-empty.xml'), '');
    const result = await run(['einvoice', 'receive', dir, inbox, '--user', 'olga', '--json']);
    const outcome = JSON.parse(result.stdout) as { received: { file: string }[]; rejected: { file: string; code: string; message: string }[] };
    expect(outcome.received.map((r) => r.file)).toEqual(['a-first.xml', 'rechnung.xml']);
    expect(outcome.rejected.map((r) => [r.file, r.code])).toEqual([['c-empty.xml', 'VALIDATION']]);
    expect(outcome.rejected[0]?.message).toMatch(/is empty \(0 bytes\)/);
    expect(result.code).toBe(6);
    const missing = await run(['einvoice', 'receive', dir, join(work, 'no-such-folder'), '--user', 'olga', '--json']);
    expect(missing.code).toBe(6);
    expect(missing.stderr).toContain('no-such-folder');
  }, 120_000);

  it('issues an invoice as Factur-X with --format; pdfdetach extracts a valid factur-x.xml', async () => {
    const customer = await run(['customer', 'add', dir, '--json-file', file('c.json', JSON.stringify({ name: 'Acme SARL', address: { street: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' }, vatId: 'FR12345678901' })), '--user', 'olga', '--json']);
    const { id: customerId } = JSON.parse(customer.stdout) as { id: string };
    const draft = await run(['invoice', 'create', dir, '--user', 'olga', '--json', '--json-file', file('i.json', JSON.stringify({ customerId, currency: 'EUR', lines: [{ description: 'Beratung', quantity: '2', unitPrice: '100', vatRate: '19' }] }))]);
    const { id } = JSON.parse(draft.stdout) as { id: string };
    const profile = { legalName: 'Grün GmbH', address: { street: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', country: 'DE' }, vatId: 'DE123456789', iban: 'DE89370400440532013000', email: 'billing@gruen.example', phone: '+49 30 123' };
    expect((await run(['company', 'update', dir, '--json-file', file('p.json', JSON.stringify(profile)), '--user', 'olga'])).code).toBe(0);
    const issued = await run(['invoice', 'issue', dir, id, '--format', 'facturx', '--user', 'olga', '--json']);
    expect(issued.stderr).toBe('');
    expect((JSON.parse(issued.stdout) as { totals: { gross: string } }).totals.gross).toBe('238.00');
    const pdf = join(work, 'facturx.pdf');
    expect((await run(['invoice', 'export', dir, id, '--out', pdf, '--user', 'olga'])).code).toBe(0);
    expect(execFileSync('pdfsig', [pdf], { encoding: 'utf8' })).toContain('Signature is Valid.');
    expect(execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' })).toContain('factur-x.xml');
    execFileSync('pdfdetach', ['-save', '1', '-o', join(work, 'fx.xml'), pdf]);
    expect(readFileSync(join(work, 'fx.xml'), 'utf8')).toContain('<ram:GrandTotalAmount>238.00</ram:GrandTotalAmount>');
    const check = await run(['einvoice', 'validate', pdf, '--json']);
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout) as { checked: string[] }).checked).toEqual(['xsd', 'en16931-cii', 'facturx-en16931']);
    // Five cold CLI processes, each loading the compiled rules: give a loaded CI machine room.
  }, 300_000);
});
