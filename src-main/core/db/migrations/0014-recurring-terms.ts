import type { Migration } from '../migration.js';

/**
 * Recurring templates carry the document allowances and charges and the
 * order and contract references (EN 16931 BG-20/BG-21, BT-13, BT-12) into
 * every invoice they make: a monthly retainer with a standing discount, or a
 * public buyer's order number. Templates written before keep none.
 */
export const migration0014RecurringTerms: Migration = {
  version: 14,
  name: 'recurring-terms',
  up(db) {
    db.exec(`
      ALTER TABLE recurring_templates ADD COLUMN allowances TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE recurring_templates ADD COLUMN order_reference TEXT NOT NULL DEFAULT '';
      ALTER TABLE recurring_templates ADD COLUMN contract_reference TEXT NOT NULL DEFAULT '';
    `);
  },
};
