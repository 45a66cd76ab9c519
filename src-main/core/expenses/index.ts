/**
 * Expenses: the read API other features use (bank matching, books).
 *
 * `readExpenses(db, filter)` and `readExpense(db, id)` return plain records:
 * - `date` ISO yyyy-mm-dd (null while a draft has none), `supplier`, `vatId`;
 * - `currency` (ISO 4217) and `grossMinor`, `netMinor`, `vatMinor` as bigint
 *   integer minor units of that currency (never floats), gross = net + VAT;
 * - `status` 'draft' | 'confirmed' (a confirmed expense never changes: a
 *   trigger in migration 0004 refuses updates);
 * - `lines`: the split over categories, each with `categoryId`/`categoryName`,
 *   `netMinor`, `vatRate` (hundredths of a percent, 1900 = 19 %) and `vatMinor`;
 * - `receiptIds`: the archived receipts linked to it (zero, one or several).
 * Only read these; changes go through the services in `service.ts`, which
 * write their audit rows.
 */
export type { ExpenseRecord, ExpenseLineRecord, ExpenseFilter } from './read.js';
export { readExpense, readExpenses } from './read.js';
