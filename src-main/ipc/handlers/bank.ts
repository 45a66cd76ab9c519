import type { BANK_CONTRACT } from '../../../src-shared/contract-bank.js';
import { NotFoundError } from '../../core/errors.js';
import { accountByName, accountRow, createAccount, listAccounts, updateAccount } from '../../core/bank/accounts.js';
import { categorise, createCategory, listCategories } from '../../core/bank/categories.js';
import type { BankContext } from '../../core/bank/context.js';
import { bankContextFor } from '../../core/bank/context.js';
import { importStatement } from '../../core/bank/importer.js';
import { acceptMatch, matchesOf, suggestMatches, suggestionsFor, undoMatch } from '../../core/bank/matching/index.js';
import { listProfiles, previewCsv, saveProfile } from '../../core/bank/profiles.js';
import { applyRules, createRule, deleteRule, listRules } from '../../core/bank/rules.js';
import { getTransactionRow, listTransactions, toTransaction } from '../../core/bank/transactions.js';
import { requireVaultSession } from '../../core/people/app-vault.js';
import type { CallContext, HandlerMap } from '../handlers.js';

function vault(ctx: CallContext): BankContext {
  return bankContextFor(requireVaultSession(ctx.session), () => ctx.app.now());
}

const bytes = (base64: string): Uint8Array => Buffer.from(base64, 'base64');

/** An account named by id (the app) or by name (the CLI). */
function accountId(ctx: BankContext, account: string): string {
  try {
    return accountRow(ctx, account).id;
  } catch (error) {
    if (error instanceof NotFoundError) return accountByName(ctx, account).id;
    throw error;
  }
}

function line(ctx: BankContext, id: number) {
  const row = getTransactionRow(ctx, id);
  if (!row) throw new NotFoundError('This bank line does not exist (any more).');
  return row;
}

/** Thin: each handler calls one bank service, which writes its audit row in its own transaction. */
export const bankHandlers: HandlerMap<keyof typeof BANK_CONTRACT> = {
  'bank.accounts.list': (_input, ctx) => listAccounts(vault(ctx)),
  'bank.accounts.create': (input, ctx) => createAccount(vault(ctx), input),
  'bank.accounts.update': (input, ctx) => {
    const { id, ...patch } = input;
    return updateAccount(vault(ctx), id, patch);
  },

  'bank.import': (input, ctx) => {
    const bank = vault(ctx);
    const data = bytes(input.dataBase64);
    if (input.saveProfileAs !== undefined && input.mapping) saveProfile(bank, input.saveProfileAs, input.mapping, data);
    return importStatement(bank, {
      accountId: accountId(bank, input.account),
      fileName: input.fileName,
      bytes: data,
      format: input.format,
      profile: input.profile,
      mapping: input.mapping,
    });
  },
  'bank.csv.preview': (input, ctx) => previewCsv(vault(ctx), bytes(input.dataBase64), input.mapping ?? null),
  'bank.profiles.list': (_input, ctx) => listProfiles(vault(ctx)),

  'bank.transactions.list': (input, ctx) => {
    const bank = vault(ctx);
    const filter = input.filter.accountId ? { ...input.filter, accountId: accountId(bank, input.filter.accountId) } : input.filter;
    return listTransactions(bank, filter, input.cursor, input.limit);
  },
  'bank.transactions.get': (input, ctx) => toTransaction(line(vault(ctx), input.id)),
  'bank.transactions.categorise': (input, ctx) => categorise(vault(ctx), input.id, input.categoryId),

  'bank.categories.list': (_input, ctx) => listCategories(vault(ctx)),
  'bank.categories.create': (input, ctx) => createCategory(vault(ctx), input.name),
  'bank.rules.list': (_input, ctx) => listRules(vault(ctx)),
  'bank.rules.create': (input, ctx) => createRule(vault(ctx), input),
  'bank.rules.delete': (input, ctx) => {
    deleteRule(vault(ctx), input.id);
    return null;
  },
  'bank.rules.apply': (input, ctx) => ({ changed: applyRules(vault(ctx), input.accountId) }),

  'bank.matches.suggest': (input, ctx) => {
    const bank = vault(ctx);
    if (input.transactionId !== undefined) return suggestionsFor(bank, line(bank, input.transactionId));
    return suggestMatches(bank, input.accountId ? accountId(bank, input.accountId) : null, input.limit);
  },
  'bank.matches.of': (input, ctx) => matchesOf(vault(ctx), input.transactionId),
  'bank.matches.accept': (input, ctx) => acceptMatch(vault(ctx), input.transactionId, input.kind, input.targetId),
  'bank.matches.undo': (input, ctx) => {
    undoMatch(vault(ctx), input.transactionId);
    return null;
  },
};
