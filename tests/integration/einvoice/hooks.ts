import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { stopXsdWorker } from '../../../src-main/core/einvoice/xsd.js';
import { updateCompany } from '../../../src-main/core/invoices/company.js';
import { openTestVault, setUpCompany } from '../invoices/setup.js';
import type { TestVault } from '../invoices/setup.js';
import { ensureEInvoiceRules } from './corpus.js';

/**
 * Registers the hooks of an e-invoice test file: rules ready once, the XSD
 * worker stopped at the end, a fresh vault with a company per test; with
 * `sellerContact`, the company also has the e-mail, phone and register
 * number XRechnung requires of a seller.
 */
export function useEInvoiceVault(options: { sellerContact?: boolean } = {}): () => TestVault {
  let vault: TestVault | undefined;
  beforeAll(() => {
    ensureEInvoiceRules();
  }, 600_000);
  afterAll(async () => {
    await stopXsdWorker();
  });
  beforeEach(() => {
    vault = openTestVault();
    setUpCompany(vault.ctx);
    if (options.sellerContact) updateCompany(vault.ctx, { email: 'billing@mueller.example', phone: '+49 30 1234567', registrationNumber: 'HRB 12345' });
  });
  afterEach(() => {
    vault?.close();
  });
  return () => {
    if (vault === undefined) throw new Error('useEInvoiceVault: the vault exists inside tests only.');
    return vault;
  };
}
