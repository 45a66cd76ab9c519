import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { stopXsdWorker } from '../../../src-main/core/einvoice/xsd.js';
import { ensureEInvoiceRules, sharedEInvoiceDir } from '../einvoice/corpus.js';
import type { ChartId, VatBasis } from '../../../src-shared/books.js';
import type { InvoiceLineInput } from '../../../src-shared/contract-invoicing.js';
import { enableBooks } from '../../../src-main/core/books/setup.js';
import { issueInvoice } from '../../../src-main/core/invoices/documents.js';
import type { TestVault } from '../invoices/setup.js';
import { newCustomerId, newDraftId, openTestVault, setUpCompany } from '../invoices/setup.js';

export { auditRows } from '../invoices/setup.js';
export type { TestVault } from '../invoices/setup.js';

/** A real SQLCipher test vault with a company profile and, unless told otherwise, books switched on. */
export function openBooksVault(chart: ChartId | null = 'skr03', basis: VatBasis = 'accrual', start = '2026-11-24T09:00:00Z'): TestVault {
  const vault = openTestVault(start);
  setUpCompany(vault.ctx);
  if (chart !== null) enableBooks(vault.ctx, chart, basis);
  return vault;
}

export const MIXED: InvoiceLineInput[] = [
  { description: 'Beratung', quantity: '1', unitPrice: '100.00', vatRate: '19' },
  { description: 'Fachbuch', quantity: '1', unitPrice: '20.00', vatRate: '7' },
];

/** Issues an invoice (gross 100 + 19 + 20 + 1.40 = 140.40 with MIXED) and returns its id. */
export async function issued(vault: TestVault, lines: InvoiceLineInput[] = MIXED, customer = 'Müller KG'): Promise<string> {
  const id = newDraftId(vault.ctx, newCustomerId(vault.ctx, customer), lines);
  await issueInvoice(vault.ctx, id);
  return id;
}

/** Lines of the entry for a source, as [account, signed amount] sorted by account. */
export function linesOf(vault: TestVault, sourceType: string, sourceId: string): [string, number][] {
  return (vault.db
    .prepare('SELECT l.account, l.amount FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.source_type = ? AND e.source_id = ? ORDER BY l.account, l.amount')
    .all(sourceType, sourceId) as { account: string; amount: number }[]).map((r) => [r.account, r.amount]);
}

/** XRechnung business case 01.10a: number "Rechnungsnummer", dated 2016-06-27, net 2,180.00 at 19 % (VAT 414.20), gross and due 2,594.20. */
export const xrechnung0110 = (): Buffer =>
  readFileSync(join(sharedEInvoiceDir(), 'xrechnung-testsuite/src/test/business-cases/standard/01.10a-INVOICE_uncefact.xml'));

/** For a test file that receives e-invoices: the compiled EN 16931 rules before, the XSD worker stopped after. */
export function useEInvoiceRules(): void {
  beforeAll(() => {
    ensureEInvoiceRules();
  }, 600_000);
  afterAll(async () => {
    await stopXsdWorker();
  });
}
