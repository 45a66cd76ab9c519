import type { Migration } from '../migration.js';

/**
 * Bank import speed (issue 8 benchmark): the index on amount alone took the
 * lines of a statement at random places (amounts have no order in a file),
 * the one index of five that did not simply grow at its end; measured, a
 * tenth of a 100,000-line import. Its only use was an amount filter over all
 * accounts, which the date index now serves with the amount beside each
 * entry: the newest-first list walks it and checks the amount in the index,
 * reading a row only when it matches (a filtered account uses the account's
 * date index, which carries the amount already). Transfers between accounts
 * look a line up by date range and amount in the same index.
 */
export const migration0016BankAmountInDateIndex: Migration = {
  version: 16,
  name: 'bank-amount-in-date-index',
  up(db) {
    db.exec(`
      DROP INDEX bank_transactions_amount;
      DROP INDEX bank_transactions_date;
      CREATE INDEX bank_transactions_date ON bank_transactions (booking_date, id, amount);
    `);
  },
};
