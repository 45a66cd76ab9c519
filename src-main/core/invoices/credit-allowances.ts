import { percentOf } from '../../../src-shared/money.js';
import type { AllowanceSpec } from './allowances.js';
import { vatKey } from './allowances.js';
import type { InvoicingContext } from './context.js';
import { readAllowanceSpecs } from './store.js';
import type { ParsedLine } from './totals.js';

/**
 * The part of an invoice's document allowances and charges (BG-20 / BG-21)
 * that a partial credit note credits. Crediting lines at their full net
 * when the invoice took 10 % off would refund more than the customer paid;
 * so each allowance or charge goes with the lines of its VAT category, in
 * proportion to their nets: crediting half of the 19 % lines credits half
 * of the 19 % discount (rounded half up). The credit note that credits the
 * last of a category's lines takes exactly what is left of its allowances,
 * so partial credit notes add up to the invoice to the cent, and no
 * allowance is ever credited twice. A percentage stays a percentage (of
 * the credited lines) wherever it yields that amount exactly.
 */
export function creditedAllowances(ctx: InvoicingContext, invoiceId: string, lines: readonly ParsedLine[], lineNets: readonly bigint[]): AllowanceSpec[] {
  const original = readAllowanceSpecs(ctx, invoiceId);
  if (original.length === 0) return [];
  const creditedNets = new Map<string, bigint>();
  lines.forEach((line, index) => addNet(creditedNets, line.vatRate, line.exemptionReason, lineNets[index] ?? 0n));
  const invoiceNets = lineNetsByVat(ctx, 'SELECT vat_rate, exemption_reason, net FROM invoice_lines WHERE invoice_id = ?', invoiceId);
  const earlierNets = lineNetsByVat(ctx, EARLIER_CREDIT_LINES, invoiceId);
  const earlierAmounts = new Map<string, bigint>();
  for (const spec of readEarlierCreditedAllowances(ctx, invoiceId)) {
    earlierAmounts.set(identity(spec), (earlierAmounts.get(identity(spec)) ?? 0n) + (spec.amount ?? 0n));
  }
  const shares: AllowanceSpec[] = [];
  for (const spec of original) {
    const key = vatKey(spec.vatRate, spec.exemptionReason);
    const invoiced = invoiceNets.get(key) ?? 0n;
    const credited = creditedNets.get(key) ?? 0n;
    const amount = spec.amount ?? 0n;
    // What earlier credit notes took of allowances like this one is used up in order.
    const taken = earlierAmounts.get(identity(spec)) ?? 0n;
    const left = amount > taken ? amount - taken : 0n;
    earlierAmounts.set(identity(spec), taken > amount ? taken - amount : 0n);
    if (credited <= 0n || invoiced <= 0n || left === 0n) continue;
    const last = (earlierNets.get(key) ?? 0n) + credited >= invoiced;
    const share = last ? left : min(left, proportion(amount, credited, invoiced));
    if (share <= 0n) continue;
    shares.push(asPercentage(spec, share, credited, invoiced) ?? { ...spec, amount: share, percent: null, base: null });
  }
  return shares;
}

const EARLIER_CREDIT_LINES = `
  SELECT l.vat_rate, l.exemption_reason, l.net FROM invoice_lines l JOIN invoices c ON c.id = l.invoice_id
  WHERE c.credited_id = ? AND c.kind = 'credit_note' AND c.state = 'issued'`;

/** Line nets summed per VAT category (rate and exemption reason). */
function addNet(nets: Map<string, bigint>, rate: bigint, exemptionReason: string | null, net: bigint): void {
  const key = vatKey(rate, exemptionReason);
  nets.set(key, (nets.get(key) ?? 0n) + net);
}

function lineNetsByVat(ctx: InvoicingContext, sql: string, invoiceId: string): Map<string, bigint> {
  const nets = new Map<string, bigint>();
  const rows = ctx.db.prepare(sql).all(invoiceId) as { vat_rate: number; exemption_reason: string | null; net: number }[];
  for (const row of rows) addNet(nets, BigInt(row.vat_rate), row.exemption_reason, BigInt(row.net));
  return nets;
}

function readEarlierCreditedAllowances(ctx: InvoicingContext, invoiceId: string): AllowanceSpec[] {
  const notes = ctx.db
    .prepare("SELECT id FROM invoices WHERE credited_id = ? AND kind = 'credit_note' AND state = 'issued'")
    .pluck()
    .all(invoiceId) as string[];
  return notes.flatMap((id) => readAllowanceSpecs(ctx, id));
}

/** Allowances that are the same to the customer: same kind, reason and VAT category. */
const identity = (spec: AllowanceSpec): string =>
  [spec.charge ? 'charge' : 'allowance', spec.reasonCode ?? '', spec.reason, vatKey(spec.vatRate, spec.exemptionReason)].join('\u001f');

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** amount × part / whole, half up (all positive). */
const proportion = (amount: bigint, part: bigint, whole: bigint): bigint => (2n * amount * part + whole) / (2n * whole);

/** The share as "p % of base" when the invoice's percentage gives exactly that amount on the credited base. */
function asPercentage(spec: AllowanceSpec, share: bigint, credited: bigint, invoiced: bigint): AllowanceSpec | null {
  if (spec.percent === null) return null;
  const base = spec.base === null ? credited : proportion(spec.base, credited, invoiced);
  return percentOf(base, spec.percent) === share ? { ...spec, base, amount: share } : null;
}
