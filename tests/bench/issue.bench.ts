/**
 * Issues 200 invoices in one process through the real invoicing service:
 * layout + seal + encrypted blob + row + audit, on a real SQLCipher vault DB
 * (DESIGN §9: median <= 50 ms per invoice). Also times the layout alone.
 * Run: node --import tsx tests/bench/issue.bench.ts
 * Prints one JSON line; never gates on absolute times.
 */
import { performance } from 'node:perf_hooks';
import { readProfile, updateCompany } from '../../src-main/core/invoices/company.js';
import { createCustomer } from '../../src-main/core/invoices/customers.js';
import { buildDocument } from '../../src-main/core/invoices/document.js';
import { issueInvoice } from '../../src-main/core/invoices/documents.js';
import { createDraft } from '../../src-main/core/invoices/drafts.js';
import { computeTotals, parseLines } from '../../src-main/core/invoices/totals.js';
import { createSeal } from '../../src-main/core/invoices/seal.js';
import { renderInvoicePdf } from '../../src-main/core/pdf/invoice-layout.js';
import type { InvoiceLineInput } from '../../src-shared/contract-invoicing.js';
import { median, openBenchVault } from './support.js';

const COUNT = Number(process.env.ISSUE_BENCH_COUNT ?? 200);
const KEY = process.env.ISSUE_BENCH_KEY === 'RSA' ? 'RSA' : 'EC';

const round = (value: number): number => Math.round(value * 100) / 100;

const vault = openBenchVault('sealbook-issue-bench-');
const { ctx, db } = vault;

try {
  updateCompany(ctx, {
    legalName: 'Müller & Söhne Großhandel GmbH',
    address: { street: 'Königstraße 12', postalCode: '70173', city: 'Stuttgart', country: 'DE' },
    vatId: 'DE123456789',
    iban: 'DE89370400440532013000',
    bic: 'COBADEFFXXX',
  });
  createSeal(ctx, KEY);
  const customer = createCustomer(ctx, { name: 'Société Générale d’Édition SARL', address: { street: '12 rue de l’Église', postalCode: '75002', city: 'Paris', country: 'FR' } });
  const lines: InvoiceLineInput[] = Array.from({ length: 8 }, (_, i) => ({
    description: `Beratung Straßenbau, Phase ${i + 1} – Überprüfung`,
    quantity: `${i + 1}.5`,
    unitPrice: '133.33',
    vatRate: i % 3 === 0 ? '7' : '19',
  }));

  // Layout alone, on the same documents the issue path builds.
  const profile = readProfile(ctx);
  const parsed = parseLines(lines, 'EUR');
  const totals = computeTotals(parsed, 'EUR', null, 'EUR');
  const layoutMs: number[] = [];
  for (let i = 0; i < COUNT; i += 1) {
    const start = performance.now();
    const doc = buildDocument({
      kind: 'invoice', number: `L-${i}`, issueDate: '2026-11-24', dueDate: '2026-12-08', profile, logo: null,
      customer: { name: customer.name, address: customer.address, vatId: '' }, lines: parsed, totals, notes: '',
    });
    await (await renderInvoicePdf(doc)).save();
    layoutMs.push(performance.now() - start);
  }

  const ids = Array.from({ length: COUNT }, () => createDraft(ctx, { customerId: customer.id, lines }).id);
  const issueMs: number[] = [];
  for (const id of ids) {
    const start = performance.now();
    await issueInvoice(ctx, id);
    issueMs.push(performance.now() - start);
  }
  const issued = (db.prepare("SELECT count(*) AS n FROM invoices WHERE state = 'issued'").get() as { n: number }).n;
  console.log(
    JSON.stringify({
      bench: 'issue',
      invoices: COUNT,
      issued,
      keyType: KEY,
      medianIssueMs: round(median(issueMs)),
      p95IssueMs: round([...issueMs].sort((a, b) => a - b)[Math.floor(COUNT * 0.95)] ?? 0),
      medianLayoutMs: round(median(layoutMs)),
      peakRssMb: round(process.resourceUsage().maxRSS / 1024),
      budgetMedianMs: 50,
    }),
  );
} finally {
  vault.close();
}
