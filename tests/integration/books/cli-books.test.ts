import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealbook } from '../cli/run-cli.js';

const PASSWORD = 'quartz harbour lantern 7781';

/**
 * Issue 11's "done when", through the real `sealbook` bin: an accountant
 * opens the vault, sees the books invoices and payments produced, closes
 * November, prints the VAT summary and hands over a DATEV export.
 */
describe('sealbook books, report and export', () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-cli-books-'));
  const dir = join(work, 'vault');
  const run = (args: string[]) => sealbook(args, { SEALBOOK_PASSWORD: PASSWORD }, join(work, 'app-data'));
  const file = (name: string, value: unknown): string => {
    const path = join(work, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('switches the books on after invoicing started; the existing invoice and payment are posted', async () => {
    expect((await run(['vault', 'create', dir, '--owner', 'olga', '--company', 'Grün GmbH', '--kit', join(work, 'kit.pdf')])).code).toBe(0);
    const created = await run(['invoice', 'create', dir, '--user', 'olga', '--json', '--json-file', file('i.json', {
      customer: { name: 'Müller KG' }, currency: 'EUR', issueDate: '2026-11-10', dueDate: '2026-11-20',
      lines: [{ description: 'Beratung', quantity: '10', unitPrice: '100', vatRate: '19' }],
    })]);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect((await run(['invoice', 'issue', dir, id, '--user', 'olga'])).code).toBe(0);
    expect((await run(['invoice', 'pay', dir, id, '--amount', '500', '--date', '2026-11-25', '--user', 'olga'])).code).toBe(0);
    const enabled = await run(['books', 'enable', dir, '--chart', 'skr03', '--user', 'olga', '--json']);
    expect(enabled.stderr).toBe('');
    expect(JSON.parse(enabled.stdout)).toMatchObject({ enabled: true, chart: 'skr03', entries: 2 });
    const accounts = JSON.parse((await run(['books', 'accounts', dir, '--user', 'olga', '--json'])).stdout) as { number: string }[];
    expect(accounts.map((a) => a.number)).toEqual(expect.arrayContaining(['1200', '1400', '1776', '8400']));
  });

  it('posts a manual entry, refuses an unbalanced one (exit 6), closes November and refuses posting into it', async () => {
    const good = { date: '2026-11-28', text: 'Miete', voucher: 'M-11', lines: [{ account: '4210', debit: '300' }, { account: '1200', credit: '300' }] };
    const posted = await run(['books', 'post', dir, '--json-file', file('e.json', good), '--user', 'olga', '--json']);
    expect(JSON.parse(posted.stdout)).toMatchObject({ number: '2026-000003' });
    const bad = await run(['books', 'post', dir, '--json-file', file('bad.json', { ...good, lines: [{ account: '4210', debit: '300' }, { account: '1200', credit: '30' }] }), '--user', 'olga', '--json']);
    expect(bad.code).toBe(6);
    expect(bad.stderr).toMatch(/does not balance/);
    expect((await run(['books', 'close', dir, '--period', '2026-11', '--user', 'olga'])).code).toBe(0);
    const late = await run(['books', 'post', dir, '--json-file', file('late.json', { ...good, voucher: 'M-11b' }), '--user', 'olga']);
    expect(late.code).toBe(6);
    expect(late.stderr).toMatch(/2026-11 is closed/);
  });

  it('adds a monthly recurring entry, posts its due months once, skips the closed one and names it', async () => {
    const rent = { name: 'Miete Büro', text: 'Miete', day: 1, startDate: '2026-11-01', lines: [{ account: '4210', debit: '800' }, { account: '1200', credit: '800' }] };
    const added = await run(['books', 'recurring', 'add', dir, '--json-file', file('r.json', rent), '--user', 'olga', '--json']);
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'Miete Büro', day: 1, active: true });
    const ran = await run(['books', 'recurring', 'run', dir, '--user', 'olga', '--json']);
    const result = JSON.parse(ran.stdout) as { posted: { month: string }[]; skipped: { month: string; reason: string }[] };
    // November is closed (above); December onwards is due up to today.
    expect(result.skipped.map((s) => s.month)).toEqual(['2026-11']);
    expect(result.skipped[0]?.reason).toMatch(/closed/);
    expect(result.posted.map((p) => p.month)).toContain('2026-12');
    const again = JSON.parse((await run(['books', 'recurring', 'run', dir, '--user', 'olga', '--json'])).stdout) as { posted: unknown[] };
    expect(again.posted).toEqual([]);
    const listed = await run(['books', 'recurring', 'list', dir, '--user', 'olga']);
    expect(listed.stdout).toMatch(/2026-11-01\s+day {2}1 {2}Miete Büro/);
    const broken = await run(['books', 'recurring', 'add', dir, '--json-file', file('rb.json', { ...rent, day: 31 }), '--user', 'olga']);
    expect(broken.code).toBe(6);
  });

  it('prints the trial balance and the VAT summary, writes a sealed VAT PDF that pdfsig accepts', async () => {
    const tb = await run(['report', 'trial-balance', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--user', 'olga', '--json']);
    const balance = JSON.parse(tb.stdout) as { totalDebit: string; totalCredit: string; rows: { account: string; closing: string }[] };
    expect(balance.totalDebit).toBe(balance.totalCredit);
    expect(balance.rows.find((r) => r.account === '1400')?.closing).toBe('690.00');
    const vat = await run(['report', 'vat', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--user', 'olga']);
    expect(vat.stdout).toMatch(/U19\s+Umsatzsteuer 19 %\s+19\s+1000\.00\s+190\.00/);
    const csv = await run(['report', 'pnl', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--csv', '--user', 'olga']);
    expect(csv.stdout.split(/\r?\n/)).toContain(',Profit,700.00');
    const pdf = join(work, 'vat.pdf');
    expect((await run(['report', 'vat', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--pdf', pdf, '--user', 'olga'])).code).toBe(0);
    const verdict = execFileSync('pdfsig', [pdf], { encoding: 'utf8' });
    expect(verdict).toContain('Signature is Valid.');
    expect(verdict).toContain('Total document signed');
  });

  it('exports DATEV into a folder under its standard name and a journal to a file', async () => {
    const datev = await run(['export', 'datev', dir, '--from', '2026-01-01', '--to', '2026-12-31', '--out', work, '--user', 'olga', '--json']);
    expect(datev.stderr).toBe('');
    const written = (JSON.parse(datev.stdout) as { file: string }).file;
    expect(written).toBe(join(work, 'EXTF_Buchungsstapel_2026-01-01_2026-12-31.csv'));
    expect(readFileSync(written, 'latin1').split('\r\n')[0]).toMatch(/^"EXTF";700;21;"Buchungsstapel";13;/);
    const journal = join(work, 'books.journal');
    expect((await run(['export', 'journal', dir, '--from', '2026-01-01', '--to', '2026-12-31', '--out', journal, '--user', 'olga'])).code).toBe(0);
    expect(execFileSync('hledger', ['-f', journal, 'balance', '--flat', '-O', 'csv', '8400 Erlöse 19 % USt'], { encoding: 'utf8' })).toContain('-1000.00 EUR');
    const again = await run(['export', 'journal', dir, '--from', '2026-01-01', '--to', '2026-12-31', '--out', journal, '--user', 'olga']);
    expect(again.stderr).toMatch(/already exists/);
  });
});
