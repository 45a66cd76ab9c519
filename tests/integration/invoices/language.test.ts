import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCompany, updateCompany } from '../../../src-main/core/invoices/company.js';
import { issueInvoice, sealedPdf } from '../../../src-main/core/invoices/documents.js';
import type { TestVault } from './setup.js';
import { newCustomerId, newDraftId, openTestVault, setUpCompany } from './setup.js';

/** Issued PDFs follow the company's invoice language; older profiles read as English. */
describe('invoice language', () => {
  let vault: TestVault;
  const work = mkdtempSync(join(tmpdir(), 'sealbook-lang-'));
  beforeEach(() => {
    vault = openTestVault();
    setUpCompany(vault.ctx);
  });
  afterEach(() => {
    vault.close();
  });

  const pdfText = (bytes: Uint8Array): string => {
    const file = join(work, `${String(Date.now())}-${String(Math.random()).slice(2)}.pdf`);
    writeFileSync(file, bytes);
    try {
      return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    } finally {
      rmSync(file, { force: true });
    }
  };

  it('lays out in English by default and in French once chosen', async () => {
    expect(getCompany(vault.ctx).invoiceLanguage).toBe('en');
    const english = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    await issueInvoice(vault.ctx, english);
    expect(pdfText(sealedPdf(vault.ctx, english).bytes)).toContain('INVOICE');

    expect(updateCompany(vault.ctx, { invoiceLanguage: 'fr' }).invoiceLanguage).toBe('fr');
    const french = newDraftId(vault.ctx, newCustomerId(vault.ctx));
    await issueInvoice(vault.ctx, french);
    const text = pdfText(sealedPdf(vault.ctx, french).bytes);
    expect(text).toContain('FACTURE');
    expect(text).not.toContain('INVOICE');
  });
});
