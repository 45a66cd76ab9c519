import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src-main/core/errors.js';
import { creditInvoice, issueInvoice, previewInvoice, sealedPdf } from '../../../src-main/core/invoices/documents.js';
import { deleteDraft, updateDraft } from '../../../src-main/core/invoices/drafts.js';
import { sha256Hex } from '../../../src-main/core/invoices/issuing.js';
import { verifyPdf } from '../../../src-main/core/invoices/seal.js';
import { getInvoice, listInvoices } from '../../../src-main/core/invoices/store.js';
import type { TestVault } from './setup.js';
import { LINE, auditRows, newCustomerId, newDraftId, openTestVault, setUpCompany } from './setup.js';

let vault: TestVault;
beforeEach(() => {
  vault = openTestVault();
  setUpCompany(vault.ctx);
});
afterEach(() => {
  vault.close();
});

function pdfsig(bytes: Uint8Array, name = 'doc.pdf'): string {
  const file = join(vault.dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdfsig', [file], { encoding: 'utf8' });
}

describe('issuing', () => {
  it('issues a draft: number, sealed PDF that pdfsig accepts, SHA-256 in row and audit', async () => {
    const customerId = newCustomerId(vault.ctx);
    const id = newDraftId(vault.ctx, customerId, [LINE, { description: 'Books', quantity: '3', unitPrice: '9.99', vatRate: '7' }]);
    const issued = await issueInvoice(vault.ctx, id);
    expect(issued.number).toBe('2026-0001');
    expect(issued.totals).toMatchObject({ net: '113.30', vat: '17.93', gross: '131.23' });

    const { bytes, sha256, fileName } = sealedPdf(vault.ctx, id);
    expect(fileName).toBe('Invoice-2026-0001.pdf');
    expect(sha256Hex(bytes)).toBe(issued.sha256);
    expect(sha256).toBe(issued.sha256);
    const invoice = getInvoice(vault.ctx, id);
    expect(invoice).toMatchObject({ status: 'issued', number: '2026-0001', sha256: issued.sha256, issueDate: '2026-11-24', dueDate: '2026-12-24' });

    const report = pdfsig(bytes);
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Total document signed');
    const tampered = Buffer.from(bytes);
    // One byte inside the signed range that keeps the file parseable: the page height.
    const at = tampered.indexOf('841.89');
    expect(at).toBeGreaterThan(0);
    tampered[at + 5] = '8'.charCodeAt(0);
    expect(pdfsig(tampered, 'tampered.pdf')).toContain('Digest Mismatch.');

    expect(verifyPdf(bytes, vault.ctx)).toMatchObject({ sealed: true, intact: true, thisVault: true });
    expect(verifyPdf(tampered, vault.ctx)).toMatchObject({ sealed: true, intact: false });
    expect(verifyPdf(bytes, null)).toEqual({ sealed: true, intact: true, signer: expect.stringContaining('Müller') as unknown });

    const issueAudit = auditRows(vault.db).find((row) => row.action === 'invoices.issue');
    expect(JSON.parse(issueAudit?.details ?? '{}')).toMatchObject({ number: '2026-0001', sha256: issued.sha256 });
    expect(auditRows(vault.db).some((row) => row.action === 'document.open')).toBe(true);
  });

  it('an issued invoice is immutable: edits and deletes are refused pointing to credit notes; the DB refuses too', async () => {
    const id = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    await issueInvoice(vault.ctx, id);
    expect(() => updateDraft(vault.ctx, id, { customerId: getInvoice(vault.ctx, id).customerId, lines: [LINE] })).toThrow(ConflictError);
    expect(() => updateDraft(vault.ctx, id, { customerId: getInvoice(vault.ctx, id).customerId, lines: [LINE] })).toThrow(/credit note/);
    expect(() => deleteDraft(vault.ctx, id)).toThrow(/credit note/);
    await expect(issueInvoice(vault.ctx, id)).rejects.toThrow(/already issued/);
    // Even a direct write is refused by the schema's triggers.
    expect(() => vault.db.prepare('UPDATE invoices SET gross = 1 WHERE id = ?').run(id)).toThrow(/immutable/);
    expect(() => vault.db.prepare('DELETE FROM invoice_lines WHERE invoice_id = ?').run(id)).toThrow(/immutable/);
  });

  it('gapless under concurrent issue attempts: 12 drafts at once get 0001..0012, double clicks are refused', async () => {
    const customerId = newCustomerId(vault.ctx);
    const ids = Array.from({ length: 12 }, () => newDraftId(vault.ctx, customerId));
    const attempts = [...ids, ids[0] ?? '', ids[1] ?? ''].map((id) => issueInvoice(vault.ctx, id));
    const results = await Promise.allSettled(attempts);
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.number] : [])).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(4, '0')}`));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
    const stored = vault.db.prepare("SELECT number FROM invoices WHERE state = 'issued' ORDER BY number").all() as { number: string }[];
    expect(stored.map((r) => r.number)).toEqual(numbers);
  });

  it('a failure mid-way leaves no gap and no half-issued row', async () => {
    const customerId = newCustomerId(vault.ctx);
    const first = newDraftId(vault.ctx, customerId);
    const second = newDraftId(vault.ctx, customerId);
    const put = vault.blobs.put.bind(vault.blobs);
    let fail = true;
    const failing = {
      ...vault.ctx,
      blobs: {
        put: (bytes: Uint8Array) => {
          if (fail) throw new Error('disk full');
          return put(bytes);
        },
        get: (blobId: string) => vault.blobs.get(blobId),
      },
    };
    await expect(issueInvoice(failing, first)).rejects.toThrow('disk full');
    expect(getInvoice(vault.ctx, first)).toMatchObject({ status: 'draft', number: null, sha256: null });
    expect(auditRows(vault.db).some((row) => row.action === 'invoices.issue')).toBe(false);
    fail = false;
    expect((await issueInvoice(failing, second)).number).toBe('2026-0001');
    expect((await issueInvoice(vault.ctx, first)).number).toBe('2026-0002');
  });

  it('another process taking the peeked number makes the issue lay out again with the next one', async () => {
    const id = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    let stolen = false;
    const racing = {
      ...vault.ctx,
      transaction: <T>(fn: () => T): T => {
        if (!stolen) {
          stolen = true;
          // As if another process issued 2026-0001 while we were sealing.
          vault.db.prepare("INSERT INTO number_series (series_key, last) VALUES ('invoice:2026-{N}', 1)").run();
        }
        return vault.db.transaction(fn)();
      },
    };
    const issued = await issueInvoice(racing, id);
    expect(issued.number).toBe('2026-0002');
    expect(pdfsig(sealedPdf(vault.ctx, id).bytes)).toContain('Signature is Valid.');
  });

  it('numbers restart per year and use their own series for credit notes', async () => {
    const customerId = newCustomerId(vault.ctx);
    const a = newDraftId(vault.ctx, customerId);
    await issueInvoice(vault.ctx, a);
    vault.clock.now = new Date('2027-01-02T10:00:00Z');
    const b = newDraftId(vault.ctx, customerId);
    expect((await issueInvoice(vault.ctx, b)).number).toBe('2027-0001');
    const credit = await creditInvoice(vault.ctx, a, { reason: 'Wrong address' });
    expect(credit.number).toBe('CN-2027-0001');
  });

  it('preview is an unsealed PDF marked DRAFT and takes no number', async () => {
    const id = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    const bytes = await previewInvoice(vault.ctx, id);
    expect(verifyPdf(bytes, vault.ctx)).toMatchObject({ sealed: false, intact: false, thisVault: false });
    const file = join(vault.dir, 'preview.pdf');
    writeFileSync(file, bytes);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('DRAFT');
    expect(vault.db.prepare('SELECT count(*) AS n FROM number_series').get()).toEqual({ n: 0 });
  });

  it('lists with filters and search', async () => {
    const acme = newCustomerId(vault.ctx, 'Acme SARL');
    const zeta = newCustomerId(vault.ctx, 'Zeta Ltd');
    const a = newDraftId(vault.ctx, acme);
    newDraftId(vault.ctx, zeta);
    await issueInvoice(vault.ctx, a);
    expect(listInvoices(vault.ctx, {}, 0, 10).total).toBe(2);
    expect(listInvoices(vault.ctx, { status: 'draft' }, 0, 10).rows.map((r) => r.customerName)).toEqual(['Zeta Ltd']);
    expect(listInvoices(vault.ctx, { customerId: acme }, 0, 10).rows.map((r) => r.number)).toEqual(['2026-0001']);
    expect(listInvoices(vault.ctx, { search: 'zeta' }, 0, 10).total).toBe(1);
    expect(listInvoices(vault.ctx, { search: '2026-0001' }, 0, 10).total).toBe(1);
    expect(listInvoices(vault.ctx, { from: '2026-12-01' }, 0, 10).total).toBe(0);
    expect(listInvoices(vault.ctx, { from: '2026-11-01', to: '2026-11-30' }, 0, 10).total).toBe(1);
  });
});
