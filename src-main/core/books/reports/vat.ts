import type { FormLine, VatRow, VatSummary } from '../../../../src-shared/books.js';
import { formatMoney } from '../../../../src-shared/money.js';
import { CHART_DEFINITIONS } from '../charts/index.js';
import type { BooksContext, VatCodeRow } from '../context.js';
import { rateText, requireSettings, vatCodeRows } from '../context.js';
import { requireRange } from './statements.js';

/**
 * VAT summary for a period, from the VAT records the entries carry (so the
 * cash basis declares on payment, the accrual basis on invoicing), per code,
 * and laid out on the chart's return: UStVA Kennzahlen or CA3 lines.
 */
export function vatSummary(ctx: BooksContext, from: string, to: string): VatSummary {
  requireRange(from, to);
  const settings = requireSettings(ctx);
  const money = (v: bigint): string => formatMoney(v, settings.currency);
  const sums = ctx.db
    .prepare(
      `SELECT v.code, SUM(v.base) AS base, SUM(v.tax) AS tax FROM vat_records v JOIN journal_entries e ON e.id = v.entry_id
       WHERE e.state = 'posted' AND e.date BETWEEN ? AND ? GROUP BY v.code`,
    )
    .safeIntegers(true)
    .all(from, to) as { code: string; base: bigint; tax: bigint }[];
  const byCode = new Map(sums.map((s) => [s.code, s]));
  const rows: VatRow[] = [];
  const form = new Map<string, bigint>();
  const addLine = (lines: string | undefined, amount: bigint): void => {
    for (const line of lines?.split(',') ?? []) form.set(line, (form.get(line) ?? 0n) + amount);
  };
  let owed = 0n;
  let deductible = 0n;
  let intraEuOwed = 0n;
  for (const code of vatCodeRows(ctx)) {
    const sum = byCode.get(code.code);
    if (!sum) continue;
    rows.push({ code: code.code, name: code.name, rate: rateText(code.rate), direction: code.direction, base: money(sum.base), tax: money(sum.tax) });
    const lines = JSON.parse(code.report_lines) as { base?: string; tax?: string; owed?: string };
    addLine(lines.base, sum.base);
    if (code.direction === 'output') {
      owed += sum.tax;
      addLine(lines.tax, sum.tax);
    } else {
      deductible += sum.tax;
      addLine(lines.tax, sum.tax);
      if (owesTax(code)) {
        owed += sum.tax;
        if (code.treatment === 'intra_eu') intraEuOwed += sum.tax;
        addLine(lines.owed, sum.tax);
      }
    }
  }
  const definition = CHART_DEFINITIONS[settings.chart];
  const formLines: FormLine[] = [...form.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([line, amount]) => ({ line, label: definition.formLines[line] ?? line, amount: money(amount) }));
  if (definition.form === 'UStVA') formLines.push({ line: '83', label: definition.formLines['83'] ?? '83', amount: money(owed - deductible) });
  if (definition.form === 'CA3') {
    const line = (id: string, amount: bigint): FormLine => ({ line: id, label: definition.formLines[id] ?? id, amount: money(amount) });
    formLines.push(line('16', owed));
    // 17 is a "dont" line of 16: the tax owed on intra-EU acquisitions (autoliquidated, so also deducted on 20).
    if (intraEuOwed !== 0n) formLines.push(line('17', intraEuOwed));
    formLines.push(line('23', deductible));
    // The form has no negative result: more deductible than owed is a credit on line 25 (23 - 16), else net VAT due on 28 (16 - 23).
    formLines.push(owed >= deductible ? line('28', owed - deductible) : line('25', deductible - owed));
  }
  return {
    from,
    to,
    currency: settings.currency,
    basis: settings.basis,
    rows,
    outputTax: money(owed),
    inputTax: money(deductible),
    due: money(owed - deductible),
    form: { name: definition.form, lines: formLines },
  };
}

/** Reverse charge and intra-EU acquisitions: the buyer owes the tax and deducts it again. */
function owesTax(code: VatCodeRow): boolean {
  return code.treatment === 'reverse_charge' || code.treatment === 'intra_eu';
}
