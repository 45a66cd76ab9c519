import { randomUUID } from 'node:crypto';
import type { BankRule } from '../../../src-shared/bank.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { BankContext } from './context.js';
import { nowIso } from './context.js';
import { normaliseText } from './parsers/values.js';

interface RuleRow {
  id: string;
  field: 'payee' | 'text';
  contains: string;
  category_id: string;
  category: string;
  learned: number;
}

export interface CompiledRule {
  readonly field: 'payee' | 'text';
  readonly needle: string;
  readonly categoryId: string;
}

/** Rules as the importer applies them: hand-written rules before learned ones, longer needles first. */
export function loadRules(ctx: BankContext): CompiledRule[] {
  const rows = ctx.db.prepare('SELECT * FROM bank_rules ORDER BY learned, length(contains) DESC').all() as RuleRow[];
  return rows.map((r) => ({ field: r.field, needle: normaliseText(r.contains), categoryId: r.category_id }));
}

/** `normalised` is normaliseText(`${payee} ${text}`), for a caller that has it already. */
export function categoryFor(rules: readonly CompiledRule[], line: { payee: string; text: string }, normalised?: string): string | null {
  const payee = normaliseText(line.payee);
  const text = normalised ?? normaliseText(`${line.payee} ${line.text}`);
  for (const rule of rules) {
    if ((rule.field === 'payee' ? payee : text).includes(rule.needle)) return rule.categoryId;
  }
  return null;
}

export function listRules(ctx: BankContext): BankRule[] {
  const rows = ctx.db
    .prepare('SELECT r.*, c.name AS category FROM bank_rules r JOIN bank_categories c ON c.id = r.category_id ORDER BY c.name, r.contains')
    .all() as RuleRow[];
  return rows.map((r) => ({ id: r.id, field: r.field, contains: r.contains, categoryId: r.category_id, category: r.category, learned: r.learned === 1 }));
}

function requireCategory(ctx: BankContext, id: string): string {
  const row = ctx.db.prepare('SELECT name FROM bank_categories WHERE id = ?').get(id) as { name: string } | undefined;
  if (!row) throw new NotFoundError('This category does not exist (any more).');
  return row.name;
}

export function createRule(ctx: BankContext, input: { field: 'payee' | 'text'; contains: string; categoryId: string }, learned = false): BankRule {
  const contains = input.contains.trim();
  if (contains.length < 2) throw new ValidationError('A rule needs at least 2 characters to look for.', { contains: 'At least 2 characters.' });
  const id = randomUUID();
  ctx.transaction(() => {
    const category = requireCategory(ctx, input.categoryId);
    if (ctx.db.prepare('SELECT 1 FROM bank_rules WHERE field = ? AND contains = ?').get(input.field, contains)) {
      throw new ConflictError(`A rule for ${input.field} containing '${contains}' exists already.`);
    }
    ctx.db
      .prepare('INSERT INTO bank_rules (id, field, contains, category_id, learned, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, input.field, contains, input.categoryId, learned ? 1 : 0, nowIso(ctx));
    ctx.audit({ action: 'bank.rule.create', subject: `bank-rule:${id}`, details: { field: input.field, contains, category, learned } });
  });
  return listRules(ctx).find((r) => r.id === id) as BankRule;
}

export function deleteRule(ctx: BankContext, id: string): void {
  ctx.transaction(() => {
    const changed = ctx.db.prepare('DELETE FROM bank_rules WHERE id = ?').run(id).changes;
    if (changed === 0) throw new NotFoundError('This rule does not exist (any more).');
    ctx.audit({ action: 'bank.rule.delete', subject: `bank-rule:${id}` });
  });
}

/** Categorises every uncategorised line a rule fits; returns how many changed. */
export function applyRules(ctx: BankContext, accountId?: string): number {
  return ctx.transaction(() => {
    const rules = loadRules(ctx);
    if (rules.length === 0) return 0;
    const rows = ctx.db
      .prepare('SELECT id, payee, text FROM bank_transactions WHERE category_id IS NULL AND (? IS NULL OR account_id = ?)')
      .all(accountId ?? null, accountId ?? null) as { id: number; payee: string; text: string }[];
    const update = ctx.db.prepare('UPDATE bank_transactions SET category_id = ? WHERE id = ?');
    let changed = 0;
    for (const row of rows) {
      const category = categoryFor(rules, row);
      if (category !== null) changed += update.run(category, row.id).changes;
    }
    ctx.audit({ action: 'bank.rules.apply', details: { changed, ...(accountId ? { accountId } : {}) } });
    return changed;
  });
}
