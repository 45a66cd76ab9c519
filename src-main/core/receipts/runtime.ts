import type { ImportReport, UploadSession } from '../../../src-shared/contract-receipts.js';
import { UPLOAD_CHUNK_BYTES } from '../../../src-shared/contract-receipts.js';
import type { ActiveSession, AppState } from '../app.js';
import { NotFoundError, ValidationError, VaultLockedError } from '../errors.js';
import { Session } from '../people/session.js';
import type { JobHandle } from '../jobs.js';
import type { ReceiptsContext, ReceiptsDeps } from './context.js';
import { receiptsContextFor } from './context.js';
import type { ItemBytes, Progress } from './imports.js';
import { collectFiles, finish, importPaths, newBatch, pendingResumeCount, resumeImports, runItems, startImport } from './imports.js';
import * as journal from './journal.js';
import { AsyncQueue } from './queue.js';
import { runTextPhase } from './text-phase.js';

/**
 * The receipts feature's live state in one app: running imports (as jobs
 * in the tray), browser uploads in progress, and the text phase that runs
 * after them. Injected dependencies (worker pool, text functions) let
 * tests check the plumbing.
 */
interface Upload {
  readonly session: ActiveSession;
  readonly importId: string;
  readonly count: number;
  readonly queue: AsyncQueue<ItemBytes>;
  readonly parts: Map<number, Buffer[]>;
  readonly seqs: readonly number[];
  received: number;
}

const MAX_PENDING_UPLOADED_FILES = 8;

export class ReceiptsRuntime {
  deps: ReceiptsDeps = {};
  private importsRunning = 0;
  private textRunning: Promise<void> | null = null;
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly app: AppState) {
    app.events.on('session.locked', () => {
      for (const upload of this.uploads.values()) upload.queue.close();
      this.uploads.clear();
    });
  }

  context(session: ActiveSession | null): ReceiptsContext {
    if (!(session instanceof Session) || session.isEnded) throw new VaultLockedError();
    return receiptsContextFor(session, () => this.app.now(), this.deps);
  }

  get busy(): boolean {
    return this.importsRunning > 0;
  }

  /** Files and folders on this machine; `wait` resolves with the report (CLI). */
  async importPaths(session: ActiveSession, paths: readonly string[], wait: boolean): Promise<{ jobId: string; importId: string; report: ImportReport | null }> {
    const ctx = this.context(session);
    // The CLI has no unlock-time resume: a batch a kill cut off is finished before a new one starts.
    if (this.importsRunning === 0 && pendingResumeCount(ctx) > 0) await this.resume(session);
    const total = (await collectFiles(paths)).length;
    const importId = startImport(ctx);
    const { jobId, result } = this.job(session, total, (job) => importPaths(ctx, paths, progressOf(job), importId));
    if (!wait) {
      result.catch(() => undefined);
      return { jobId, importId, report: null };
    }
    const report = await result;
    await this.textPhase(session);
    return { jobId, importId, report };
  }

  /** At unlock: batches a crash cut off run to their end, then the text phase catches up. */
  resume(session: ActiveSession): Promise<ImportReport[]> {
    const ctx = this.context(session);
    const left = pendingResumeCount(ctx);
    if (left === 0) {
      void this.textPhase(session);
      return Promise.resolve([]);
    }
    const { result } = this.job(session, left, (job) => resumeImports(ctx, progressOf(job)));
    return result;
  }

  beginUpload(session: ActiveSession, count: number): UploadSession {
    const ctx = this.context(session);
    const importId = startImport(ctx);
    const seqs = journal.addItems(ctx.db, importId, Array.from({ length: count }, (_, i) => ({ name: `upload ${i + 1}`, sourcePath: null })));
    const upload: Upload = { session, importId, count, queue: new AsyncQueue<ItemBytes>(), parts: new Map(), seqs, received: 0 };
    const uploadId = importId;
    this.uploads.set(uploadId, upload);
    const batch = newBatch(ctx, importId);
    const { jobId, result } = this.job(session, count, async (job) => {
      await runItems(ctx, batch, upload.queue, progressOf(job));
      if (job.signal.aborted) upload.queue.close();
      this.uploads.delete(uploadId);
      return finish(ctx, importId, job.signal);
    });
    result.catch(() => undefined);
    return { uploadId, importId, jobId, chunkBytes: UPLOAD_CHUNK_BYTES };
  }

  /** One chunk of one file; the last chunk hands the file to intake. Waits while intake is behind (backpressure). */
  async uploadChunk(session: ActiveSession, uploadId: string, index: number, name: string, data: Buffer, last: boolean): Promise<void> {
    const upload = this.upload(session, uploadId, index);
    const parts = upload.parts.get(index) ?? [];
    const size = parts.reduce((n, p) => n + p.length, 0) + data.length;
    if (size > 50 * 1024 * 1024 + UPLOAD_CHUNK_BYTES) throw new ValidationError(`${name} is over 50 MB; it cannot be imported.`);
    parts.push(data);
    upload.parts.set(index, parts);
    if (!last) return;
    upload.parts.delete(index);
    this.handOver(upload, index, name, new Uint8Array(Buffer.concat(parts)));
    while (upload.queue.length >= MAX_PENDING_UPLOADED_FILES) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** A file the browser could not read still counts: it is reported as rejected. */
  uploadSkip(session: ActiveSession, uploadId: string, index: number, name: string, message: string): void {
    const upload = this.upload(session, uploadId, index);
    const ctx = this.context(session);
    const seq = upload.seqs[index] ?? index;
    ctx.transaction(() => journal.markDone(ctx.db, upload.importId, seq, [{ status: 'rejected', file: name, code: 'UNREADABLE', message: `${name}: ${message}` }]));
    this.countReceived(upload);
  }

  private handOver(upload: Upload, index: number, name: string, bytes: Uint8Array): void {
    const ctx = this.context(upload.session);
    const seq = upload.seqs[index] ?? index;
    ctx.db.prepare('UPDATE receipt_import_items SET name = ? WHERE import_id = ? AND seq = ?').run(name, upload.importId, seq);
    upload.queue.push({ seq, name, bytes, sourcePath: null });
    this.countReceived(upload);
  }

  private countReceived(upload: Upload): void {
    upload.received += 1;
    if (upload.received >= upload.count) upload.queue.close();
  }

  private upload(session: ActiveSession, uploadId: string, index: number): Upload {
    const upload = this.uploads.get(uploadId);
    if (upload?.session !== session) throw new NotFoundError('This upload has ended; drop the files again.');
    if (index >= upload.count) throw new ValidationError(`File ${index + 1} is beyond the ${upload.count} files announced.`);
    return upload;
  }

  /** The low-priority text phase, one at a time per app; waits while an import runs. */
  textPhase(session: ActiveSession): Promise<void> {
    if (this.textRunning) return this.textRunning;
    let ctx: ReceiptsContext;
    try {
      ctx = this.context(session);
    } catch {
      return Promise.resolve();
    }
    const pending = (ctx.db.prepare(`SELECT count(*) AS n FROM receipts WHERE text_state = 'pending'`).get() as { n: number }).n;
    if (pending === 0) return Promise.resolve();
    const { result } = this.app.jobs.start('jobs.receiptsText', pending, async (job) => {
      let done = 0;
      await runTextPhase(ctx, { signal: job.signal, busy: () => this.busy, onReceipt: () => job.progress((done += 1)) });
    });
    this.textRunning = result.catch(() => undefined).finally(() => {
      this.textRunning = null;
    });
    return this.textRunning;
  }

  private job<T>(session: ActiveSession, total: number, run: (job: JobHandle) => Promise<T>): { jobId: string; result: Promise<T> } {
    this.importsRunning += 1;
    const started = this.app.jobs.start('jobs.receiptsImport', total, run);
    const result = started.result.finally(() => {
      this.importsRunning -= 1;
      if (this.app.session === session) void this.textPhase(session);
    });
    return { jobId: started.jobId, result };
  }
}

function progressOf(job: JobHandle): Progress {
  return {
    signal: job.signal,
    onItem: (done, file, outcomes) => {
      for (const outcome of outcomes) if (outcome.status === 'rejected') job.itemFailed(outcome.file, outcome.message);
      job.progress(done, file);
    },
  };
}

const runtimes = new WeakMap<AppState, ReceiptsRuntime>();

export function receiptsRuntime(app: AppState): ReceiptsRuntime {
  let runtime = runtimes.get(app);
  if (!runtime) {
    runtime = new ReceiptsRuntime(app);
    runtimes.set(app, runtime);
  }
  return runtime;
}
