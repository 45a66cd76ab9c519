import type { Migration } from '../migration.js';

/**
 * Dedup keys without a bank id now start with their booking date
 * (src-main/core/bank/dedup.ts says why): the keys already stored get the
 * same prefix, so a statement imported again still finds its lines. Which
 * lines were keyed without a bank id is on the row: those whose bank_id is
 * empty. The unique index stays; its entries simply change order.
 */
export const migration0013BankDatedDedupKeys: Migration = {
  version: 13,
  name: 'bank-dated-dedup-keys',
  up(db) {
    db.exec(`
      UPDATE bank_transactions SET dedup_key = booking_date || dedup_key
      WHERE (bank_id IS NULL OR bank_id = '') AND length(dedup_key) = 22;
    `);
  },
};
