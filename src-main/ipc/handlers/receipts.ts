import type { RECEIPTS_CONTRACT } from '../../../src-shared/contract-receipts.js';
import { countExpenses, readExpenses } from '../../core/expenses/read.js';
import { confirmExpense, createCategory, createManualExpense, getExpense, listCategories, toDto, updateExpense } from '../../core/expenses/service.js';
import { VaultLockedError } from '../../core/errors.js';
import { importReport, reportCsv } from '../../core/receipts/journal.js';
import { receiptsRuntime } from '../../core/receipts/runtime.js';
import { deleteReceipt, getReceipt, receiptFile, receiptsSettings, updateReceiptsSettings } from '../../core/receipts/service.js';
import { listReceipts } from '../../core/receipts/store.js';
import type { ActiveSession } from '../../core/app.js';
import type { CallContext, HandlerMap } from '../handlers.js';

function session(ctx: CallContext): ActiveSession {
  if (!ctx.session) throw new VaultLockedError();
  return ctx.session;
}

const receipts = (ctx: CallContext) => receiptsRuntime(ctx.app).context(ctx.session);

/** Thin: each handler calls one receipts or expenses service, which writes its own audit rows. */
export const receiptsHandlers: HandlerMap<keyof typeof RECEIPTS_CONTRACT> = {
  'receipts.import': (input, ctx) => receiptsRuntime(ctx.app).importPaths(session(ctx), input.paths, input.wait),
  'receipts.uploadBegin': (input, ctx) => receiptsRuntime(ctx.app).beginUpload(session(ctx), input.count),
  'receipts.uploadChunk': async (input, ctx) => {
    await receiptsRuntime(ctx.app).uploadChunk(session(ctx), input.uploadId, input.index, input.name, Buffer.from(input.dataBase64, 'base64'), input.last);
    return null;
  },
  'receipts.uploadSkip': (input, ctx) => {
    receiptsRuntime(ctx.app).uploadSkip(session(ctx), input.uploadId, input.index, input.name, input.message);
    return null;
  },
  'receipts.report': (input, ctx) => importReport(receipts(ctx).db, input.importId),
  'receipts.reportCsv': (input, ctx) => ({ csv: reportCsv(importReport(receipts(ctx).db, input.importId)) }),
  'receipts.list': (input, ctx) => listReceipts(receipts(ctx).db, input.search, input.offset, input.limit),
  'receipts.get': (input, ctx) => getReceipt(receipts(ctx), input.id),
  'receipts.open': (input, ctx) => receiptFile(receipts(ctx), input.id, input.original, 'receipts.open'),
  'receipts.export': (input, ctx) => receiptFile(receipts(ctx), input.id, input.original, 'receipts.export'),
  'receipts.delete': (input, ctx) => {
    deleteReceipt(receipts(ctx), input.id);
    return null;
  },
  'receipts.settings': (_input, ctx) => receiptsSettings(receipts(ctx)),
  'receipts.updateSettings': (input, ctx) => updateReceiptsSettings(receipts(ctx), input),

  'expenses.list': (input, ctx) => {
    const db = receipts(ctx).db;
    const filter = { ...(input.status === undefined ? {} : { status: input.status }) };
    return { rows: readExpenses(db, { ...filter, offset: input.offset, limit: input.limit }).map(toDto), total: countExpenses(db, filter) };
  },
  'expenses.get': (input, ctx) => getExpense(receipts(ctx), input.id),
  'expenses.create': (input, ctx) => createManualExpense(receipts(ctx), input),
  'expenses.update': (input, ctx) => {
    const { id, ...patch } = input;
    return updateExpense(receipts(ctx), id, patch);
  },
  'expenses.confirm': (input, ctx) => confirmExpense(receipts(ctx), input.id),
  'expenses.categories': (_input, ctx) => listCategories(receipts(ctx)),
  'expenses.createCategory': (input, ctx) => createCategory(receipts(ctx), input.name),
};
