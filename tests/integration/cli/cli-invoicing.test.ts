import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealbook } from './run-cli.js';

const PASSWORD = 'quartz harbour lantern 7781';
const BOOKKEEPER_PASSWORD = 'meadow copper violin 5521';

/** Issue 4's CLI path, end to end: the sealed PDF is checked by poppler's pdfsig. */
describe('sealbook invoicing CLI', () => {
  const work = mkdtempSync(join(tmpdir(), 'sealbook-cli-inv-'));
  const dir = join(work, 'books');
  const run = (args: string[], env: Record<string, string> = {}) =>
    sealbook(args, { SEALBOOK_PASSWORD: PASSWORD, ...env }, join(work, 'app-data'));
  const file = (name: string, value: unknown): string => {
    const path = join(work, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  let invoiceId = '';
  let pdfPath = '';

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('creates a customer and an invoice with mixed VAT rates; totals come from main', async () => {
    expect((await run(['vault', 'create', dir, '--owner', 'olga', '--company', 'Grün & Söhne GmbH', '--kit', join(work, 'kit.pdf')])).code).toBe(0);
    const customer = await run(['customer', 'add', dir, '--json-file', file('c.json', { name: 'Müller KG', address: 'Hauptstraße 5, 10115 Berlin', vatId: 'DE123456789' }), '--user', 'olga', '--json']);
    expect(customer.code).toBe(0);
    const { id: customerId } = (JSON.parse(customer.stdout) as { id: string });
    const created = await run([
      'invoice', 'create', dir, '--user', 'olga', '--json', '--json-file',
      file('i.json', {
        customerId,
        currency: 'EUR',
        issueDate: '2026-11-24',
        dueDate: '2026-12-24',
        lines: [
          { description: 'Beratung', quantity: '2.5', unitPrice: '33.33', vatRate: '19' },
          { description: 'Fachbuch', quantity: '1', unitPrice: '20.00', vatRate: '7' },
        ],
      }),
    ]);
    expect(created.stderr).toBe('');
    const draft = (JSON.parse(created.stdout) as { id: string; totals: { net: string; vat: string; gross: string } });
    // 2.5 × 33.33 = 83.325 -> 83.33; VAT 19 % of 83.33 = 15.8327 -> 15.83; 7 % of 20.00 = 1.40.
    expect(draft.totals).toEqual({ net: '103.33', vat: '17.23', gross: '120.56' });
    invoiceId = draft.id;
  });

  it('rejects a malformed amount with exit 6 and names the field', async () => {
    const bad = await run(['invoice', 'create', dir, '--user', 'olga', '--json', '--json-file',
      file('bad.json', { customer: { name: 'X' }, currency: 'EUR', lines: [{ description: 'a', quantity: '1', unitPrice: '12,5', vatRate: '19' }] })]);
    expect(bad.code).toBe(6);
    expect((JSON.parse(bad.stdout) as { error: { fields?: Record<string, string> } }).error.fields).toHaveProperty(['lines.0.unitPrice']);
  });

  it('refuses issuing for a bookkeeper (exit 5)', async () => {
    await run(['user', 'add', dir, 'ben', '--role', 'bookkeeper', '--user', 'olga'], { SEALBOOK_NEW_PASSWORD: BOOKKEEPER_PASSWORD });
    const refused = await run(['invoice', 'issue', dir, invoiceId, '--user', 'ben'], { SEALBOOK_PASSWORD: BOOKKEEPER_PASSWORD });
    // The role is checked before the pending one-time password change.
    expect(refused.code).toBe(5);
  });

  it('issues a sealed PDF that pdfsig accepts and our verifier ties to this vault', async () => {
    const issued = await run(['invoice', 'issue', dir, invoiceId, '--user', 'olga', '--json']);
    expect(issued.code).toBe(0);
    const result = (JSON.parse(issued.stdout) as { number: string; sha256: string; totals: { gross: string } });
    expect(result.number).toBe('2026-0001');
    expect(result.totals.gross).toBe('120.56');
    pdfPath = join(work, `${result.number}.pdf`);
    expect((await run(['invoice', 'export', dir, invoiceId, '--out', pdfPath, '--user', 'olga'])).code).toBe(0);
    const pdfsig = execFileSync('pdfsig', [pdfPath], { encoding: 'utf8' });
    expect(pdfsig).toContain('Signature is Valid.');
    expect(pdfsig).toContain('Total document signed');
    const verified = await run(['pdf', 'verify', pdfPath, '--vault', dir, '--user', 'olga', '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ sealed: true, intact: true, thisVault: true });
  });

  it('reports a changed byte as broken (exit 3), like pdfsig', async () => {
    const bytes = readFileSync(pdfPath);
    // A byte in the middle of the first signed range.
    const range = /\/ByteRange\s*\[\s*0\s+(\d+)/.exec(bytes.toString('latin1'));
    const at = Math.floor(Number(range?.[1]) / 2);
    expect(at).toBeGreaterThan(0);
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    const tampered = join(work, 'tampered.pdf');
    writeFileSync(tampered, bytes);
    expect(execFileSync('pdfsig', [tampered], { encoding: 'utf8' })).toContain('Digest Mismatch.');
    const verified = await run(['pdf', 'verify', tampered, '--json']);
    expect(verified.code).toBe(3);
    expect(JSON.parse(verified.stdout)).toMatchObject({ sealed: true, intact: false });
  });

  it('records a partial payment, then credits the invoice in full', async () => {
    const paid = await run(['invoice', 'pay', dir, invoiceId, '--amount', '20.56', '--date', '2026-11-30', '--user', 'olga', '--json']);
    expect(JSON.parse(paid.stdout)).toMatchObject({ status: 'partially_paid', balance: '100.00' });
    const credit = await run(['invoice', 'credit', dir, invoiceId, '--user', 'olga', '--json']);
    expect(credit.code).toBe(0);
    const note = (JSON.parse(credit.stdout) as { id: string; number: string });
    expect(note.number).toMatch(/CN/);
    const notePdf = join(work, 'credit.pdf');
    expect((await run(['invoice', 'export', dir, note.id, '--out', notePdf, '--user', 'olga'])).code).toBe(0);
    expect(execFileSync('pdfsig', [notePdf], { encoding: 'utf8' })).toContain('Signature is Valid.');
  });
});
