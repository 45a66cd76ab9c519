import { EXCHANGE_SCALE, convert, parseDecimal } from '../../../../src-shared/money.js';
import { ValidationError } from '../../errors.js';
import type { BooksContext, BooksSettings, VatCodeRow } from '../context.js';
import { accountForRole, accountForVatCode } from '../context.js';
import type { ProposedLine, VatRecord } from '../ledger.js';

/** A VAT category of a document, already in the book currency. */
export interface VatGroupAmounts {
  readonly rate: bigint;
  readonly exemptionReason: string | null;
  readonly taxable: bigint;
  readonly vat: bigint;
}

const REVERSE_CHARGE = /reverse|13b|autoliquidation|283/i;
const INTRA_EU = /intra|innergemeinschaft|intracommunautaire|138|262 ter|4 nr\.? ?1b|EU/i;
const SERVICES = /leistung|service|prestation|3a/i;

/** The output code for an invoice's VAT category: by rate, and for 0 % by what the exemption reason says. */
export function outputCodeFor(ctx: BooksContext, rate: bigint, reason: string | null): VatCodeRow | null {
  const codes = (ctx.db.prepare("SELECT * FROM vat_codes WHERE direction = 'output' ORDER BY code").all() as VatCodeRow[]).filter(
    (code) => BigInt(code.rate) === rate,
  );
  if (rate > 0n) return codes.find((code) => code.treatment === 'standard') ?? null;
  const text = reason ?? '';
  const treatment = REVERSE_CHARGE.test(text) ? 'reverse_charge' : INTRA_EU.test(text) ? 'intra_eu' : 'exempt';
  const candidates = codes.filter((code) => code.treatment === treatment);
  if (candidates.length > 1) {
    const wantsServices = SERVICES.test(text);
    return candidates.find((code) => SERVICES.test(code.name) === wantsServices) ?? candidates[0] ?? null;
  }
  return candidates[0] ?? codes.find((code) => code.treatment === 'exempt') ?? null;
}

export function codeRow(ctx: BooksContext, code: string): VatCodeRow {
  return ctx.db.prepare('SELECT * FROM vat_codes WHERE code = ?').get(code) as VatCodeRow;
}

/** Under the cash basis output VAT waits on the pending account until paid; codes without one are declared on invoicing. */
export function defersVat(settings: BooksSettings, code: VatCodeRow | null): boolean {
  return settings.basis === 'cash' && code?.pending_account != null;
}

/**
 * Revenue and VAT lines for a sales document's categories, signed for an
 * invoice (credits); `sign = -1n` gives a credit note's. Returns the lines
 * and the VAT records the return takes from this document.
 */
export function salesLines(ctx: BooksContext, settings: BooksSettings, groups: readonly VatGroupAmounts[], sign: 1n | -1n, text: string): { lines: ProposedLine[]; vat: VatRecord[] } {
  const lines: ProposedLine[] = [];
  const vat: VatRecord[] = [];
  for (const group of groups) {
    const code = outputCodeFor(ctx, group.rate, group.exemptionReason);
    lines.push({ account: accountForVatCode(ctx, code?.code ?? null, 'revenue'), amount: -sign * group.taxable, vatCode: code?.code ?? null, text });
    if (group.vat !== 0n) {
      const taxAccount = defersVat(settings, code) ? (code?.pending_account ?? null) : (code?.tax_account ?? null);
      lines.push({ account: taxAccount ?? accountForRole(ctx, 'vat_output'), amount: -sign * group.vat, vatCode: code?.code ?? null, text });
    }
    if (code && !defersVat(settings, code)) vat.push({ code: code.code, base: sign * group.taxable, tax: sign * group.vat });
  }
  return { lines, vat };
}

/** Converts a document's amounts to the book currency at the rate stated on it. */
export function converterFor(currency: string, exchangeRate: string | null, settings: BooksSettings, label: string): (amount: bigint) => bigint {
  if (currency === settings.currency) return (amount) => amount;
  if (exchangeRate === null || exchangeRate === '') {
    throw new ValidationError(`${label} is in ${currency} without an exchange rate, and the books are kept in ${settings.currency}. Post it by hand with the rate of the day.`);
  }
  const rate = parseDecimal(exchangeRate, EXCHANGE_SCALE, { label: 'Exchange rate' });
  return (amount) => convert(amount, currency, rate, settings.currency);
}

/** x × part / whole, half up (for the share of VAT a payment settles under the cash basis). */
export function share(x: bigint, part: bigint, whole: bigint): bigint {
  if (whole === 0n) return 0n;
  const numerator = x * part * 2n;
  const q = numerator / whole;
  return (q + (q >= 0n ? 1n : -1n)) / 2n;
}
