import { randomUUID } from 'node:crypto';
import type { BankCategory } from '../../../src-shared/bank.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { BankContext } from './context.js';
import { nowIso } from './context.js';
import { normaliseText } from './parsers/values.js';

export function listCategories(ctx: BankContext): BankCategory[] {
  return ctx.db.prepare('SELECT id, name FROM bank_categories ORDER BY name').all() as BankCategory[];
}

export function createCategory(ctx: BankContext, name: string): BankCategory {
  const trimmed = name.trim();
  if (trimmed === '') throw new ValidationError('Name the category.', { name: 'Required.' });
  const id = randomUUID();
  ctx.transaction(() => {
    if (ctx.db.prepare('SELECT 1 FROM bank_categories WHERE name = ?').get(trimmed)) throw new ConflictError(`The category '${trimmed}' exists already.`);
    ctx.db.prepare('INSERT INTO bank_categories (id, name, created_at) VALUES (?, ?, ?)').run(id, trimmed, nowIso(ctx));
    ctx.audit({ action: 'bank.category.create', subject: `bank-category:${id}`, details: { name: trimmed } });
  });
  return { id, name: trimmed };
}

/**
 * Sets (or clears) a line's category. Confirming a category for a line with
 * a payee teaches a rule "payee contains X -> category" (issue 8 item 7),
 * unless a rule for that payee exists already.
 */
export function categorise(ctx: BankContext, transactionId: number, categoryId: string | null): { learnedRule: string | null } {
  return ctx.transaction(() => {
    const line = ctx.db.prepare('SELECT id, payee FROM bank_transactions WHERE id = ?').get(transactionId) as { id: number; payee: string } | undefined;
    if (!line) throw new NotFoundError('This bank line does not exist (any more).');
    let category: string | null = null;
    if (categoryId !== null) {
      const row = ctx.db.prepare('SELECT name FROM bank_categories WHERE id = ?').get(categoryId) as { name: string } | undefined;
      if (!row) throw new NotFoundError('This category does not exist (any more).');
      category = row.name;
    }
    ctx.db.prepare('UPDATE bank_transactions SET category_id = ? WHERE id = ?').run(categoryId, transactionId);
    let learnedRule: string | null = null;
    const payee = line.payee.trim();
    if (categoryId !== null && normaliseText(payee).length >= 2) {
      const exists = ctx.db.prepare("SELECT 1 FROM bank_rules WHERE field = 'payee' AND contains = ? COLLATE NOCASE").get(payee);
      if (!exists) {
        ctx.db
          .prepare("INSERT INTO bank_rules (id, field, contains, category_id, learned, created_at) VALUES (?, 'payee', ?, ?, 1, ?)")
          .run(randomUUID(), payee, categoryId, nowIso(ctx));
        learnedRule = payee;
      }
    }
    ctx.audit({ action: 'bank.transaction.categorise', subject: `bank-line:${String(transactionId)}`, details: { category, learnedRule } });
    return { learnedRule };
  });
}
