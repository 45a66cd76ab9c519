import type { DocumentAllowance, DocumentAllowanceInput } from '../../../src-shared/contract-invoicing.js';
import { DecimalFormatError, RATE_SCALE, formatDecimalTrimmed, formatMoney, isCurrency, parseDecimal, parseMoney, percentOf } from '../../../src-shared/money.js';
import { ValidationError } from '../errors.js';

/**
 * Document-level allowances (EN 16931 BG-20) and charges (BG-21). A fixed
 * amount, or a percentage of a base amount; without a base the percentage
 * applies to the line nets at the same VAT rate, which is what "10 % off
 * everything at 19 %" means. Amounts are resolved in computeTotals, once.
 */
export interface AllowanceSpec {
  readonly charge: boolean;
  readonly reason: string;
  readonly reasonCode: string | null;
  readonly vatRate: bigint;
  readonly exemptionReason: string | null;
  /** Minor units when given as an amount; null when a percentage decides it. */
  readonly amount: bigint | null;
  /** BT-94 / BT-101 at RATE_SCALE, or null. */
  readonly percent: bigint | null;
  /** BT-93 / BT-100 in minor units, or null for "the line nets at this rate". */
  readonly base: bigint | null;
}

/** An allowance with its amount (and, for a percentage, its base) computed. */
export interface ResolvedAllowance extends AllowanceSpec {
  readonly amount: bigint;
}

/** 100 % at RATE_SCALE: no VAT rate or percentage above it. */
const MAX_VAT_RATE = 100n * 10n ** BigInt(RATE_SCALE);

export const vatKey = (rate: bigint, exemptionReason: string | null): string => `${rate.toString()}|${exemptionReason ?? ''}`;

const empty = (value: string | null | undefined): boolean => value === undefined || value === null || value.trim() === '';

/** Parses the allowances of a draft, naming each bad field by its path (`allowances.0.amount`). */
export function parseAllowances(inputs: readonly DocumentAllowanceInput[], currency: string): AllowanceSpec[] {
  const fields: Record<string, string> = {};
  const parsed = inputs.map((input, index): AllowanceSpec => {
    const at = (name: string): string => `allowances.${index}.${name}`;
    const what = input.charge ? `Charge ${index + 1}` : `Allowance ${index + 1}`;
    const attempt = (name: string, fn: () => bigint): bigint | null => {
      try {
        return fn();
      } catch (error) {
        if (!(error instanceof DecimalFormatError)) throw error;
        fields[at(name)] = `${what}: ${error.message}`;
        return null;
      }
    };
    const money = (name: string, value: string | null | undefined, label: string): bigint | null =>
      empty(value) || !isCurrency(currency) ? null : attempt(name, () => parseMoney(value ?? '', currency, { label }));
    const vatRate = attempt('vatRate', () => parseDecimal(input.vatRate, RATE_SCALE, { label: 'VAT rate' })) ?? 0n;
    const percent = empty(input.percent) ? null : attempt('percent', () => parseDecimal(input.percent ?? '', RATE_SCALE, { label: 'Percentage' }));
    const amount = percent === null ? money('amount', input.amount, 'Amount') : null;
    const base = percent === null ? null : money('base', input.base, 'Base amount');
    const reason = input.reason.trim();
    const reasonCode = input.reasonCode?.trim().toUpperCase() || null;
    const exemption = input.exemptionReason?.trim() ?? '';
    // BR-33 / BR-38: a reason or a reason code; BR-31 / BR-36: an amount.
    if (reason === '' && reasonCode === null) fields[at('reason')] = `${what}: say why (e.g. "Loyalty discount" or "Freight").`;
    if (empty(input.percent) && empty(input.amount)) fields[at('amount')] = `${what}: enter an amount or a percentage.`;
    if (percent !== null && percent > MAX_VAT_RATE) fields[at('percent')] = `${what}: a percentage cannot exceed 100 %.`;
    if (vatRate > MAX_VAT_RATE) fields[at('vatRate')] = `${what}: a VAT rate cannot exceed 100 %.`;
    if (vatRate === 0n && exemption === '' && fields[at('vatRate')] === undefined) {
      fields[at('exemptionReason')] = `${what}: a 0 % VAT rate needs an exemption reason (e.g. "Reverse charge").`;
    }
    return { charge: input.charge, reason, reasonCode, vatRate, exemptionReason: vatRate === 0n ? exemption : null, amount, percent, base };
  });
  const [first] = Object.values(fields);
  if (first !== undefined) throw new ValidationError(first, fields);
  return parsed;
}

/**
 * Resolves each amount against the VAT groups' line nets and refuses what
 * would leave a category (or the invoice) with a negative taxable amount.
 */
export function resolveAllowances(specs: readonly AllowanceSpec[], lineNetsByVat: ReadonlyMap<string, bigint>, currency: string): ResolvedAllowance[] {
  const resolved = specs.map((spec): ResolvedAllowance => {
    if (spec.percent === null) return { ...spec, amount: spec.amount ?? 0n };
    const base = spec.base ?? lineNetsByVat.get(vatKey(spec.vatRate, spec.exemptionReason)) ?? 0n;
    return { ...spec, base, amount: percentOf(base, spec.percent) };
  });
  const taxable = new Map(lineNetsByVat);
  for (const allowance of resolved) {
    const key = vatKey(allowance.vatRate, allowance.exemptionReason);
    taxable.set(key, (taxable.get(key) ?? 0n) + (allowance.charge ? allowance.amount : -allowance.amount));
  }
  const fields: Record<string, string> = {};
  resolved.forEach((allowance, index) => {
    const left = taxable.get(vatKey(allowance.vatRate, allowance.exemptionReason)) ?? 0n;
    if (!allowance.charge && left < 0n) {
      const rate = formatDecimalTrimmed(allowance.vatRate, RATE_SCALE);
      fields[`allowances.${index}.amount`] =
        `Allowance ${index + 1} (${formatMoney(allowance.amount, currency)}) is more than the lines at ${rate} % VAT; lower it or choose the VAT rate of the lines it reduces.`;
    }
  });
  const [first] = Object.values(fields);
  if (first !== undefined) throw new ValidationError(first, fields);
  return resolved;
}

/** The boundary form. */
export function formatAllowance(allowance: ResolvedAllowance, currency: string): DocumentAllowance {
  return {
    charge: allowance.charge,
    reason: allowance.reason,
    reasonCode: allowance.reasonCode,
    vatRate: formatDecimalTrimmed(allowance.vatRate, RATE_SCALE),
    exemptionReason: allowance.exemptionReason,
    percent: allowance.percent === null ? null : formatDecimalTrimmed(allowance.percent, RATE_SCALE),
    base: allowance.base === null ? null : formatMoney(allowance.base, currency),
    amount: formatMoney(allowance.amount, currency),
  };
}
