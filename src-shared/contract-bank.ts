import { z } from 'zod';
import { channel, returns } from './channel.js';
import type {
  BankAccount,
  BankCategory,
  BankMatch,
  BankRule,
  CsvMapping,
  CsvPreview,
  ImportResult,
  MatchSuggestion,
  TransactionPage,
  BankTransaction,
} from './bank.js';
import { CSV_DELIMITER_NAMES, CSV_ENCODINGS, DATE_ORDER_NAMES, MATCH_KINDS, RULE_FIELDS, STATEMENT_FORMATS } from './bank.js';

export * from './bank.js';

/**
 * Bank channels (issue 8). Amounts cross as decimal strings of the account's
 * currency; files as base64. Bookkeepers import and categorise; owner and
 * accountant manage accounts and accept matches (which record payments).
 */
const id = z.string().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');
const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);
const base64 = z.string().max(140_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'Not base64 data.');
const decimal = z.string().trim().max(32);
const lineId = z.number().int().min(1);
const column = z.number().int().min(0).max(200);

/** The one schema of a CSV mapping: IPC input and the JSON stored in a profile. */
export const csvMappingSchema: z.ZodType<CsvMapping> = z
  .object({
    encoding: z.enum(CSV_ENCODINGS),
    delimiter: z.enum(CSV_DELIMITER_NAMES),
    decimal: z.enum([',', '.']),
    dateOrder: z.enum(DATE_ORDER_NAMES),
    headerRow: column.nullable(),
    firstDataRow: column,
    date: column,
    valueDate: column.nullable(),
    amount: column.nullable(),
    debit: column.nullable(),
    credit: column.nullable(),
    marker: column.nullable(),
    payee: column.nullable(),
    text: z.array(column).max(20),
    reference: column.nullable(),
    invert: z.boolean(),
  })
  .strict()
  .refine((m) => m.amount !== null || (m.debit !== null && m.credit !== null), {
    message: 'Choose an amount column, or a debit and a credit column.',
    path: ['amount'],
  });

const accountFields = {
  name: text(100).min(1, 'Name the account.'),
  iban: text(42).optional(),
  bic: text(11).optional(),
  currency: text(3).optional(),
  openingBalance: decimal.optional(),
};

const transactionFilter = z
  .object({
    accountId: id.optional(),
    search: text(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    minAmount: decimal.optional(),
    maxAmount: decimal.optional(),
    matched: z.boolean().optional(),
    /** null: lines without a category. */
    categoryId: id.nullable().optional(),
  })
  .strict();

export const BANK_CONTRACT = {
  'bank.accounts.list': channel(z.object({}).strict(), returns<readonly BankAccount[]>(), { access: 'bank.read', audited: false }),
  'bank.accounts.create': channel(z.object(accountFields).strict(), returns<BankAccount>(), { access: 'bank.manage', audited: true }),
  'bank.accounts.update': channel(z.object({ id, ...accountFields, name: accountFields.name.optional() }).strict(), returns<BankAccount>(), {
    access: 'bank.manage',
    audited: true,
  }),

  'bank.import': channel(
    z
      .object({
        /** The account's id or its name. */
        account: text(100).min(1, 'Choose an account.'),
        fileName: text(255).min(1),
        dataBase64: base64.min(1, 'Choose a statement file.'),
        format: z.enum(['auto', ...STATEMENT_FORMATS]).default('auto'),
        profile: text(100).optional(),
        mapping: csvMappingSchema.optional(),
        /** Saves the mapping under this name, proposed again when a file's header matches. */
        saveProfileAs: text(100).optional(),
      })
      .strict(),
    returns<ImportResult>(),
    { access: 'bank.import', audited: true },
  ),
  // Reads only the bytes it is given and writes nothing: the wizard calls it on every change.
  // null: the content is not CSV (OFX, CAMT ... need no mapping).
  'bank.csv.preview': channel(
    z.object({ dataBase64: base64.min(1, 'Choose a CSV file.'), mapping: csvMappingSchema.optional() }).strict(),
    returns<CsvPreview | null>(),
    { access: 'bank.import', audited: false },
  ),
  'bank.profiles.list': channel(z.object({}).strict(), returns<readonly { readonly name: string; readonly mapping: CsvMapping }[]>(), {
    access: 'bank.read',
    audited: false,
  }),

  'bank.transactions.list': channel(
    z
      .object({ filter: transactionFilter.default({}), cursor: z.string().max(200).nullable().default(null), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    returns<TransactionPage>(),
    { access: 'bank.read', audited: false },
  ),
  'bank.transactions.get': channel(z.object({ id: lineId }).strict(), returns<BankTransaction>(), { access: 'bank.read', audited: false }),
  'bank.transactions.categorise': channel(z.object({ id: lineId, categoryId: id.nullable() }).strict(), returns<{ readonly learnedRule: string | null }>(), {
    access: 'bank.import',
    audited: true,
  }),

  'bank.categories.list': channel(z.object({}).strict(), returns<readonly BankCategory[]>(), { access: 'bank.read', audited: false }),
  'bank.categories.create': channel(z.object({ name: text(100).min(1, 'Name the category.') }).strict(), returns<BankCategory>(), {
    access: 'bank.import',
    audited: true,
  }),
  'bank.rules.list': channel(z.object({}).strict(), returns<readonly BankRule[]>(), { access: 'bank.read', audited: false }),
  'bank.rules.create': channel(
    z.object({ field: z.enum(RULE_FIELDS), contains: text(200).min(2, 'At least 2 characters.'), categoryId: id }).strict(),
    returns<BankRule>(),
    { access: 'bank.import', audited: true },
  ),
  'bank.rules.delete': channel(z.object({ id }).strict(), returns<null>(), { access: 'bank.import', audited: true }),
  'bank.rules.apply': channel(z.object({ accountId: id.optional() }).strict(), returns<{ readonly changed: number }>(), { access: 'bank.import', audited: true }),

  'bank.matches.suggest': channel(
    z.object({ accountId: id.optional(), transactionId: lineId.optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    returns<readonly MatchSuggestion[]>(),
    { access: 'bank.read', audited: false },
  ),
  'bank.matches.of': channel(z.object({ transactionId: lineId }).strict(), returns<readonly BankMatch[]>(), { access: 'bank.read', audited: false }),
  'bank.matches.accept': channel(z.object({ transactionId: lineId, kind: z.enum(MATCH_KINDS), targetId: id }).strict(), returns<BankMatch>(), {
    access: 'bank.match',
    audited: true,
  }),
  'bank.matches.undo': channel(z.object({ transactionId: lineId }).strict(), returns<null>(), { access: 'bank.match', audited: true }),
} as const;
