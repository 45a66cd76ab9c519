import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ImportOutcome, ImportReport } from '../../../src-shared/contract-receipts.js';
import { readProfile } from '../invoices/company.js';
import { nowIso } from '../invoices/context.js';
import { ensureSeal } from '../invoices/seal.js';
import { companyCurrency } from '../expenses/service.js';
import type { ReceiptsContext } from './context.js';
import { sizeRejection } from './content.js';
import type { BatchState, ClaimTurn } from './intake.js';
import { ClaimOrder, processItem } from './intake.js';
import * as journal from './journal.js';
import { readPreset } from './retention.js';

/**
 * Batches of files through intake, recorded in the journal: a batch runs
 * items a few at a time (the worker pool does the heavy part), and one
 * that was cut off resumes from the journal (`resumeImports`).
 */
export interface Progress {
  readonly signal?: AbortSignal;
  /** After each item: how many are done, the file, its outcomes. */
  onItem?(done: number, file: string, outcomes: readonly ImportOutcome[]): void;
}

export interface ItemBytes {
  readonly seq: number;
  readonly name: string;
  /** Read from `sourcePath` when absent. */
  readonly bytes?: Uint8Array;
  readonly sourcePath: string | null;
}

/** How many items are in flight at once: enough to keep every worker busy. */
const concurrency = (ctx: ReceiptsContext): number => ctx.pool.size + 1;

export function newBatch(ctx: ReceiptsContext, importId: string): BatchState {
  const seal = ensureSeal(ctx);
  return {
    importId,
    seal,
    sealName: readProfile(ctx).legalName || (ctx.companyName ?? 'Sealbook'),
    preset: readPreset(ctx.db),
    currency: companyCurrency(ctx),
    inFlight: new Map(),
    claims: new ClaimOrder(),
  };
}

/** Files and folders (walked, hidden entries skipped) to journal items, in a stable order. */
export async function collectFiles(paths: readonly string[]): Promise<{ name: string; sourcePath: string }[]> {
  const found: { name: string; sourcePath: string }[] = [];
  const walk = async (path: string, depth: number): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      found.push({ name: basename(path), sourcePath: path });
      return;
    }
    if (!info.isDirectory()) {
      found.push({ name: basename(path), sourcePath: path });
      return;
    }
    if (depth > 16) return;
    const entries = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
    for (const entry of entries) await walk(join(path, entry), depth + 1);
  };
  for (const path of paths) await walk(resolve(path), 0);
  return found;
}

export function startImport(ctx: ReceiptsContext): string {
  const importId = randomUUID();
  journal.createImport(ctx.db, importId, ctx.actor, nowIso(ctx));
  return importId;
}

/** Runs the given items of a batch, a few at a time; per-item failures become outcomes. */
export async function runItems(ctx: ReceiptsContext, batch: BatchState, queue: AsyncIterable<ItemBytes> | Iterable<ItemBytes>, progress: Progress = {}): Promise<void> {
  let done = 0;
  const running = new Set<Promise<void>>();
  for await (const item of queue) {
    if (progress.signal?.aborted === true) break;
    // Taken in queue order, before the item starts: its place among the batch's claims.
    const turn = batch.claims.next();
    const task = runOne(ctx, batch, turn, item).then((outcomes) => {
      done += 1;
      progress.onItem?.(done, item.name, outcomes);
    });
    running.add(task);
    void task.finally(() => running.delete(task));
    if (running.size >= concurrency(ctx)) await Promise.race(running);
  }
  await Promise.all(running);
}

async function runOne(ctx: ReceiptsContext, batch: BatchState, turn: ClaimTurn, item: ItemBytes): Promise<ImportOutcome[]> {
  try {
    return await runClaimed(ctx, batch, turn, item);
  } finally {
    // An item that failed or had nothing to claim must not hold up the ones after it.
    turn.release();
  }
}

async function runClaimed(ctx: ReceiptsContext, batch: BatchState, turn: ClaimTurn, item: ItemBytes): Promise<ImportOutcome[]> {
  let bytes = item.bytes;
  if (bytes === undefined) {
    const read = await readSource(item);
    if ('outcome' in read) {
      ctx.transaction(() => journal.markDone(ctx.db, batch.importId, item.seq, [read.outcome]));
      return [read.outcome];
    }
    bytes = read.bytes;
  }
  try {
    return await processItem(ctx, batch, turn, item.seq, item.name, bytes);
  } catch (error) {
    // Not the file's fault (a disk error, a bug): undo what was written, report it, keep the batch going.
    discardPlanned(ctx, batch.importId, item.seq);
    const outcome: ImportOutcome = {
      status: 'rejected',
      file: item.name,
      code: 'UNREADABLE',
      message: `${item.name} could not be archived (${error instanceof Error ? error.message : String(error)}). Nothing was stored; drop it again.`,
    };
    ctx.transaction(() => journal.markDone(ctx.db, batch.importId, item.seq, [outcome]));
    return [outcome];
  }
}

async function readSource(item: ItemBytes): Promise<{ bytes: Uint8Array } | { outcome: ImportOutcome }> {
  const path = item.sourcePath;
  if (path === null) {
    return { outcome: { status: 'rejected', file: item.name, code: 'INTERRUPTED', message: `${item.name} was being uploaded when Sealbook stopped; drop it again.` } };
  }
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    const bySize = sizeRejection(item.name, info.size);
    if (bySize) return { outcome: { status: 'rejected', ...bySize } };
    const read = await readFile(path);
    return { bytes: new Uint8Array(read.buffer, read.byteOffset, read.byteLength) };
  } catch {
    return { outcome: { status: 'rejected', file: item.name, code: 'UNREADABLE', message: `${item.name} cannot be read at ${path}. Check that the file exists and that you may open it.` } };
  }
}

function discardPlanned(ctx: ReceiptsContext, importId: string, seq: number): void {
  const item = journal.items(ctx.db, importId).find((i) => i.seq === seq);
  for (const id of item?.plannedBlobs ?? []) ctx.blobs.discardUnreferenced(id);
  journal.markPending(ctx.db, importId, seq);
}

/** Imports files and folders from disk as one batch. */
export async function importPaths(ctx: ReceiptsContext, paths: readonly string[], progress: Progress = {}, importId = startImport(ctx)): Promise<ImportReport> {
  const files = await collectFiles(paths);
  const seqs = journal.addItems(ctx.db, importId, files);
  const batch = newBatch(ctx, importId);
  await runItems(ctx, batch, files.map((file, i) => ({ seq: seqs[i] ?? i, name: file.name, sourcePath: file.sourcePath })), progress);
  return finish(ctx, importId, progress.signal);
}

export function finish(ctx: ReceiptsContext, importId: string, signal?: AbortSignal): ImportReport {
  journal.finishImport(ctx.db, importId, signal?.aborted === true ? 'cancelled' : 'done', nowIso(ctx));
  return journal.importReport(ctx.db, importId);
}

/**
 * Finishes every batch a crash or a kill cut off (at the next unlock):
 * items caught mid-write lose their unreferenced blob files and run again;
 * items not yet started run; a browser upload's lost bytes are reported.
 */
export async function resumeImports(ctx: ReceiptsContext, progress: Progress = {}): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const importId of journal.runningImports(ctx.db)) {
    for (const item of journal.items(ctx.db, importId, 'writing')) {
      for (const id of item.plannedBlobs) ctx.blobs.discardUnreferenced(id);
      journal.markPending(ctx.db, importId, item.seq);
    }
    const pending = journal.items(ctx.db, importId, 'pending');
    if (pending.length > 0) {
      const batch = newBatch(ctx, importId);
      await runItems(ctx, batch, pending.map((item) => ({ seq: item.seq, name: item.name, sourcePath: item.sourcePath })), progress);
    }
    reports.push(finish(ctx, importId, progress.signal));
  }
  return reports;
}

export function pendingResumeCount(ctx: ReceiptsContext): number {
  return journal.runningImports(ctx.db).reduce((n, id) => n + journal.items(ctx.db, id).filter((i) => i.state !== 'done').length, 0);
}
