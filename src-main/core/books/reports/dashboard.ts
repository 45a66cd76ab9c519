import type { Dashboard } from '../../../../src-shared/books.js';
import { formatMoney, parseMoney } from '../../../../src-shared/money.js';
import { readProfile } from '../../invoices/company.js';
import { today } from '../../invoices/context.js';
import type { BooksContext } from '../context.js';
import { readSettings } from '../context.js';
import { parsePeriod } from '../periods.js';
import { aging, cashAccounts, cashFlow } from './detail.js';
import { profitAndLoss } from './statements.js';
import { addDays, balancesAt } from './sums.js';
import { vatSummary } from './vat.js';

/** The first screen after unlock: this month and year at a glance, from the same reports an accountant prints. */
export function dashboard(ctx: BooksContext): Dashboard {
  const now = today(ctx);
  const month = now.slice(0, 7);
  const settings = readSettings(ctx);
  if (!settings) {
    const zero = formatMoney(0n, readProfile(ctx).defaultCurrency);
    return {
      enabled: false, currency: readProfile(ctx).defaultCurrency, month, revenue: zero, expenses: zero, profit: zero, yearRevenue: zero,
      yearProfit: zero, cash: zero, overdue: { count: 0, amount: zero }, vatDue: zero, cashByMonth: [],
    };
  }
  const { from } = parsePeriod(month);
  const monthly = profitAndLoss(ctx, from, now);
  const yearly = profitAndLoss(ctx, `${now.slice(0, 4)}-01-01`, now);
  const balances = balancesAt(ctx, now);
  const cash = cashAccounts(ctx).reduce((total, a) => total + (balances.get(a) ?? 0n), 0n);
  const receivables = aging(ctx, now, 'receivables');
  const overdue = receivables.rows.filter((row) => row.daysOverdue > 0);
  const overdueAmount = overdue.reduce((total, row) => total + parseMoney(row.amount, settings.currency, { label: 'Amount', allowNegative: true }), 0n);
  const sixMonthsAgo = addDays(from, -150).slice(0, 7);
  return {
    enabled: true,
    currency: settings.currency,
    month,
    revenue: monthly.totalIncome,
    expenses: monthly.totalExpenses,
    profit: monthly.profit,
    yearRevenue: yearly.totalIncome,
    yearProfit: yearly.profit,
    cash: formatMoney(cash, settings.currency),
    overdue: { count: overdue.length, amount: formatMoney(overdueAmount, settings.currency) },
    vatDue: vatSummary(ctx, from, parsePeriod(month).to).due,
    cashByMonth: cashFlow(ctx, `${sixMonthsAgo}-01`, now).months,
  };
}
