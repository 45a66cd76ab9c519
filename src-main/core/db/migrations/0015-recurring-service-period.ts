import type { Migration } from '../migration.js';

/**
 * Recurring templates say which delivery period (EN 16931 BG-14) their
 * invoices state: the period each run starts, the one before it, or none.
 * German and French invoices must state when the service was rendered.
 * Templates written before keep none, as they issued until now.
 */
export const migration0015RecurringServicePeriod: Migration = {
  version: 15,
  name: 'recurring-service-period',
  up(db) {
    db.exec(`ALTER TABLE recurring_templates ADD COLUMN service_period TEXT NOT NULL DEFAULT 'none' CHECK (service_period IN ('none', 'this', 'previous'))`);
  },
};
