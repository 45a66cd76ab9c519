import { z } from 'zod';
import { channel, returns } from './channel.js';
import { ACCOUNT_TYPES, CHARTS, EXPORT_FORMATS, REPORT_KINDS, SOURCE_TYPES, VAT_BASES } from './books.js';
import type {
  Account, AgingReport, BalanceSheet, BooksStatus, CashFlow, ClosedPeriod, Dashboard, FileOut, GeneralLedger, JournalEntry,
  ProfitAndLoss, RecurringEntry, ReportTable, TrialBalance, VatCode, VatSummary,
} from './books.js';

export * from './books.js';

/**
 * Books channels (issue 11). Amounts cross as decimal strings in the book
 * currency; main parses them, checks the balance and computes every report.
 */
const id = z.string().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-24.');
const text = (max: number) => z.string().trim().max(max, `Use at most ${String(max)} characters.`);
const amount = z.string().trim().max(32).optional();
const accountNumber = z.string().trim().min(1, 'Choose an account.').max(20).regex(/^[0-9A-Za-z.-]+$/, 'Use digits and letters only.');
const base64 = z.string().max(20_000_000).regex(/^[A-Za-z0-9+/=\s]*$/, 'Not base64 data.');
const period = z.string().trim().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'Use a month like 2026-11, a quarter like 2026-Q4 or a year like 2026.');
const range = { from: isoDate, to: isoDate };

const manualLine = z
  .object({ account: accountNumber, debit: amount, credit: amount, vatCode: z.string().trim().max(20).nullish(), text: text(200).optional() })
  .strict();
const manualEntry = z
  .object({
    date: isoDate,
    text: text(500).min(1, 'Describe the entry.'),
    voucher: text(36).optional(),
    lines: z.array(manualLine).min(2, 'An entry needs at least two lines.').max(500),
    attachments: z.array(z.object({ fileName: text(200).min(1), base64: base64.min(1, 'The file is empty.') }).strict()).max(20).optional(),
  })
  .strict();
const read = { access: 'books.read', audited: false } as const;
const report = { access: 'books.read', audited: true } as const;

export const BOOKS_CONTRACT = {
  'books.status': channel(z.object({}).strict(), returns<BooksStatus>(), read),
  'books.enable': channel(z.object({ chart: z.enum(CHARTS), basis: z.enum(VAT_BASES).default('accrual') }).strict(), returns<BooksStatus>(), { access: 'books.manage', audited: true }),
  'books.setBasis': channel(z.object({ basis: z.enum(VAT_BASES) }).strict(), returns<BooksStatus>(), { access: 'books.manage', audited: true }),
  'books.accounts': channel(z.object({}).strict(), returns<readonly Account[]>(), read),
  'books.saveAccount': channel(
    z.object({ number: accountNumber, name: text(200).min(1, 'Name the account.'), type: z.enum(ACCOUNT_TYPES), vatCode: z.string().trim().max(20).nullish(), active: z.boolean().optional() }).strict(),
    returns<Account>(),
    { access: 'books.manage', audited: true },
  ),
  'books.vatCodes': channel(z.object({}).strict(), returns<readonly VatCode[]>(), read),

  'books.entries': channel(
    z
      .object({
        from: isoDate.optional(), to: isoDate.optional(), account: accountNumber.optional(), source: z.enum(SOURCE_TYPES).optional(), sourceId: id.optional(),
        state: z.enum(['draft', 'posted']).optional(), search: text(200).optional(),
        offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    returns<{ readonly rows: readonly JournalEntry[]; readonly total: number }>(),
    read,
  ),
  'books.entry': channel(z.object({ id }).strict(), returns<JournalEntry>(), read),
  'books.draft': channel(manualEntry, returns<JournalEntry>(), { access: 'books.draft', audited: true }),
  'books.discard': channel(z.object({ id }).strict(), returns<null>(), { access: 'books.draft', audited: true }),
  'books.post': channel(z.object({ id }).strict(), returns<JournalEntry>(), { access: 'books.post', audited: true }),
  'books.postManual': channel(manualEntry, returns<JournalEntry>(), { access: 'books.post', audited: true }),
  'books.reverse': channel(z.object({ id, date: isoDate.optional(), reason: text(300).default('') }).strict(), returns<JournalEntry>(), { access: 'books.post', audited: true }),
  'books.opening': channel(
    z.object({ date: isoDate, voucher: text(36).default(''), lines: z.array(manualLine).min(1).max(500) }).strict(),
    returns<JournalEntry>(),
    { access: 'books.post', audited: true },
  ),
  'books.attachment': channel(z.object({ entryId: id, blobId: id }).strict(), returns<FileOut>(), { access: 'books.read', audited: true }),

  'books.periods': channel(z.object({}).strict(), returns<readonly ClosedPeriod[]>(), read),
  'books.close': channel(z.object({ period }).strict(), returns<ClosedPeriod>(), { access: 'books.close', audited: true }),
  'books.reopen': channel(z.object({ period, reason: text(500).min(1, 'Say why the period is reopened.') }).strict(), returns<null>(), { access: 'books.reopen', audited: true }),

  'books.recurring': channel(z.object({}).strict(), returns<readonly RecurringEntry[]>(), read),
  'books.createRecurring': channel(
    z
      .object({
        name: text(200).min(1, 'Name the template.'), text: text(500).default(''), day: z.number().int().min(1).max(28), startDate: isoDate, endDate: isoDate.nullish(),
        lines: z.array(manualLine).min(2).max(100),
      })
      .strict(),
    returns<RecurringEntry>(),
    { access: 'books.post', audited: true },
  ),
  'books.setRecurringActive': channel(z.object({ id, active: z.boolean() }).strict(), returns<RecurringEntry>(), { access: 'books.post', audited: true }),
  'books.deleteRecurring': channel(z.object({ id }).strict(), returns<null>(), { access: 'books.post', audited: true }),
  'books.runRecurring': channel(
    z.object({}).strict(),
    returns<{ readonly posted: readonly { readonly templateId: string; readonly month: string; readonly entryId: string }[]; readonly skipped: readonly { readonly templateId: string; readonly month: string; readonly reason: string }[] }>(),
    { access: 'books.post', audited: true },
  ),

  'books.dashboard': channel(z.object({}).strict(), returns<Dashboard>(), read),
  'books.trialBalance': channel(z.object(range).strict(), returns<TrialBalance>(), report),
  'books.pnl': channel(z.object(range).strict(), returns<ProfitAndLoss>(), report),
  'books.balanceSheet': channel(z.object({ to: isoDate }).strict(), returns<BalanceSheet>(), report),
  'books.vat': channel(z.object(range).strict(), returns<VatSummary>(), report),
  'books.ledger': channel(z.object({ ...range, account: accountNumber, limit: z.number().int().min(1).max(10_000).default(2000) }).strict(), returns<GeneralLedger>(), report),
  'books.aging': channel(z.object({ to: isoDate, kind: z.enum(['receivables', 'payables']).default('receivables') }).strict(), returns<AgingReport>(), report),
  'books.cashflow': channel(z.object(range).strict(), returns<CashFlow>(), report),
  /** Any report as a table, for the report screen (same rows as the CSV and PDF). */
  'books.reportTable': channel(
    z.object({ report: z.enum(REPORT_KINDS), ...range, account: accountNumber.optional(), kind: z.enum(['receivables', 'payables']).optional() }).strict(),
    returns<ReportTable>(),
    report,
  ),
  'books.reportFile': channel(
    z.object({ report: z.enum(REPORT_KINDS), ...range, account: accountNumber.optional(), kind: z.enum(['receivables', 'payables']).optional(), format: z.enum(['csv', 'pdf']) }).strict(),
    returns<FileOut>(),
    report,
  ),
  'books.export': channel(
    z
      .object({
        format: z.enum(EXPORT_FORMATS), ...range,
        advisor: z.number().int().min(1001, 'The DATEV Beraternummer has 4 to 7 digits.').max(9_999_999).default(1001),
        client: z.number().int().min(1).max(99_999).default(1),
      })
      .strict(),
    returns<FileOut>(),
    { access: 'books.export', audited: true },
  ),
} as const;
