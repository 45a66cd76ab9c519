import type { AgingReport, BalanceSheet, CashFlow, GeneralLedger, ProfitAndLoss, ReportTable, RowLink, TrialBalance, VatSummary } from '../../../../src-shared/books.js';

export type { ReportTable } from '../../../../src-shared/books.js';

/** Every report as one table, so CSV, PDF and the report screen are written by one function each. */
type Draft = Omit<ReportTable, 'links'>;

/** Rows whose first cell is an account number lead to that account's ledger. */
function withAccountLinks(table: Draft): ReportTable {
  return { ...table, links: table.rows.map((row): RowLink => (row[0] !== undefined && row[0] !== '' ? { account: row[0] } : null)) };
}
const noLinks = (table: Draft): ReportTable => ({ ...table, links: table.rows.map(() => null) });

export function trialBalanceTable(tb: TrialBalance): ReportTable {
  return withAccountLinks({
    title: 'Trial balance',
    subtitle: `${tb.from} to ${tb.to}, ${tb.currency}`,
    columns: ['Account', 'Name', 'Opening', 'Debit', 'Credit', 'Closing'],
    numeric: [false, false, true, true, true, true],
    rows: [...tb.rows.map((r) => [r.account, r.name, r.opening, r.debit, r.credit, r.closing]), ['', 'Total', '', tb.totalDebit, tb.totalCredit, '']],
  });
}

export function profitAndLossTable(pnl: ProfitAndLoss): ReportTable {
  return withAccountLinks({
    title: 'Profit and loss',
    subtitle: `${pnl.from} to ${pnl.to}, ${pnl.currency}`,
    columns: ['Account', 'Name', 'Amount'],
    numeric: [false, false, true],
    rows: [
      ['', 'Income', ''], ...pnl.income.map((r) => [r.account, r.name, r.amount]), ['', 'Total income', pnl.totalIncome],
      ['', 'Expenses', ''], ...pnl.expenses.map((r) => [r.account, r.name, r.amount]), ['', 'Total expenses', pnl.totalExpenses],
      ['', 'Profit', pnl.profit],
    ],
  });
}

export function balanceSheetTable(bs: BalanceSheet): ReportTable {
  return withAccountLinks({
    title: 'Balance sheet',
    subtitle: `At ${bs.at}, ${bs.currency}`,
    columns: ['Account', 'Name', 'Amount'],
    numeric: [false, false, true],
    rows: [
      ['', 'Assets', ''], ...bs.assets.map((r) => [r.account, r.name, r.amount]), ['', 'Total assets', bs.totalAssets],
      ['', 'Liabilities', ''], ...bs.liabilities.map((r) => [r.account, r.name, r.amount]),
      ['', 'Equity', ''], ...bs.equity.map((r) => [r.account, r.name, r.amount]), ['', 'Result of the period (not yet closed)', bs.result],
      ['', 'Total liabilities and equity', bs.totalLiabilitiesAndEquity],
    ],
  });
}

export function vatTable(vat: VatSummary): ReportTable {
  return noLinks({
    title: 'VAT summary',
    subtitle: `${vat.from} to ${vat.to}, ${vat.currency}, ${vat.basis === 'cash' ? 'cash basis (Ist)' : 'accrual basis (Soll)'}`,
    columns: ['Code', 'Name', 'Rate %', 'Base', 'Tax'],
    numeric: [false, false, true, true, true],
    rows: [
      ...vat.rows.map((r) => [r.code, r.name, r.rate, r.base, r.tax]),
      ['', 'Output VAT (owed)', '', '', vat.outputTax],
      ['', 'Input VAT (deductible)', '', '', vat.inputTax],
      ['', 'VAT due', '', '', vat.due],
      ...(vat.form.name === null ? [] : [['', vat.form.name, '', '', ''], ...vat.form.lines.map((l) => [l.line, l.label, '', '', l.amount])]),
    ],
  });
}

export function agingTable(report: AgingReport): ReportTable {
  return noLinks({
    title: report.kind === 'receivables' ? 'Aged receivables' : 'Aged payables',
    subtitle: `As of ${report.asOf}, ${report.currency}`,
    columns: ['Voucher', 'Party', 'Due', 'Days overdue', 'Bucket', 'Amount'],
    numeric: [false, false, false, true, false, true],
    rows: [
      ...report.rows.map((r) => [r.voucher, r.party, r.dueDate ?? '', String(r.daysOverdue), r.bucket, r.amount]),
      ...Object.entries(report.buckets).map(([bucket, amount]) => ['', `Total ${bucket}`, '', '', '', amount]),
      ['', 'Total', '', '', '', report.total],
    ],
  });
}

export function ledgerTable(gl: GeneralLedger): ReportTable {
  return {
    title: `General ledger ${gl.account} ${gl.name}`,
    subtitle: `${gl.from} to ${gl.to}, ${gl.currency}`,
    columns: ['Date', 'Entry', 'Voucher', 'Text', 'Debit', 'Credit', 'Balance'],
    numeric: [false, false, false, false, true, true, true],
    rows: [
      ['', '', '', 'Opening balance', '', '', gl.opening],
      ...gl.lines.map((l) => [l.date, l.number, l.voucher.number, l.text, l.debit, l.credit, l.balance]),
      ['', '', '', 'Closing balance', '', '', gl.closing],
    ],
    links: [null, ...gl.lines.map((l): RowLink => ({ entry: l.entryId })), null],
  };
}

export function cashFlowTable(cf: CashFlow): ReportTable {
  return noLinks({
    title: 'Cash flow by month',
    subtitle: `${cf.from} to ${cf.to}, ${cf.currency}; opening ${cf.opening}`,
    columns: ['Month', 'In', 'Out', 'Net', 'Closing'],
    numeric: [false, true, true, true, true],
    rows: cf.months.map((m) => [m.month, m.inflow, m.outflow, m.net, m.closing]),
  });
}

/** RFC 4180: comma-separated, quoted where needed, CRLF. */
export function toCsv(table: ReportTable): string {
  const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
