import type { AmountRow, BalanceRow, BalanceSheet, ProfitAndLoss, TrialBalance } from '../../../../src-shared/books.js';
import { formatMoney } from '../../../../src-shared/money.js';
import { ValidationError } from '../../errors.js';
import type { BooksContext } from '../context.js';
import { requireSettings } from '../context.js';
import { accountInfos, addDays, balancesAt, movements } from './sums.js';

/** Trial balance, profit and loss, balance sheet: all from the same sums, so they agree with each other and with the exports. */
export function requireRange(from: string, to: string): void {
  if (from > to) throw new ValidationError(`The range ends (${to}) before it starts (${from}).`, { to: 'After the start.' });
}

export function trialBalance(ctx: BooksContext, from: string, to: string): TrialBalance {
  requireRange(from, to);
  const { currency } = requireSettings(ctx);
  const opening = balancesAt(ctx, addDays(from, -1));
  const moved = movements(ctx, from, to);
  const money = (v: bigint): string => formatMoney(v, currency);
  const rows: BalanceRow[] = [];
  let totalDebit = 0n;
  let totalCredit = 0n;
  for (const account of accountInfos(ctx)) {
    const before = opening.get(account.number) ?? 0n;
    const m = moved.get(account.number) ?? { debit: 0n, credit: 0n };
    if (before === 0n && m.debit === 0n && m.credit === 0n) continue;
    totalDebit += m.debit;
    totalCredit += m.credit;
    rows.push({ account: account.number, name: account.name, type: account.type, opening: money(before), debit: money(m.debit), credit: money(m.credit), closing: money(before + m.debit - m.credit) });
  }
  return { from, to, currency, rows, totalDebit: money(totalDebit), totalCredit: money(totalCredit) };
}

export function profitAndLoss(ctx: BooksContext, from: string, to: string): ProfitAndLoss {
  requireRange(from, to);
  const { currency } = requireSettings(ctx);
  const moved = movements(ctx, from, to);
  const income: AmountRow[] = [];
  const expenses: AmountRow[] = [];
  let totalIncome = 0n;
  let totalExpenses = 0n;
  for (const account of accountInfos(ctx)) {
    const m = moved.get(account.number);
    if (!m || (account.type !== 'income' && account.type !== 'expense')) continue;
    if (account.type === 'income') {
      totalIncome += m.credit - m.debit;
      income.push({ account: account.number, name: account.name, amount: formatMoney(m.credit - m.debit, currency) });
    } else {
      totalExpenses += m.debit - m.credit;
      expenses.push({ account: account.number, name: account.name, amount: formatMoney(m.debit - m.credit, currency) });
    }
  }
  return { from, to, currency, income, expenses, totalIncome: formatMoney(totalIncome, currency), totalExpenses: formatMoney(totalExpenses, currency), profit: formatMoney(totalIncome - totalExpenses, currency) };
}

export function balanceSheet(ctx: BooksContext, at: string): BalanceSheet {
  const { currency } = requireSettings(ctx);
  const balances = balancesAt(ctx, at);
  const assets: AmountRow[] = [];
  const liabilities: AmountRow[] = [];
  const equity: AmountRow[] = [];
  let totalAssets = 0n;
  let totalOther = 0n;
  let result = 0n;
  for (const account of accountInfos(ctx)) {
    const balance = balances.get(account.number) ?? 0n;
    if (balance === 0n) continue;
    switch (account.type) {
      case 'asset':
        totalAssets += balance;
        assets.push({ account: account.number, name: account.name, amount: formatMoney(balance, currency) });
        break;
      case 'liability':
      case 'equity':
        totalOther -= balance;
        (account.type === 'liability' ? liabilities : equity).push({ account: account.number, name: account.name, amount: formatMoney(-balance, currency) });
        break;
      case 'income':
      case 'expense':
        result -= balance;
        break;
      default: {
        const unreachable: never = account.type;
        throw new Error(`Unknown account type ${String(unreachable)}`);
      }
    }
  }
  return {
    at,
    currency,
    assets,
    liabilities,
    equity,
    result: formatMoney(result, currency),
    totalAssets: formatMoney(totalAssets, currency),
    totalLiabilitiesAndEquity: formatMoney(totalOther + result, currency),
  };
}

