import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './protocol.js';
import { transferablesOf } from './protocol.js';
import type { TaskInput, TaskName, TaskOutput } from './tasks.js';

/**
 * A pool of `worker_threads` for CPU-heavy work (DESIGN §6): hashing, image
 * decoding, PDF building, sealing. Sized to the cores, started lazily,
 * idle threads unref'd so a CLI process can exit. Two priorities: `low`
 * tasks (text recognition) run only when no normal task waits, so intake
 * stays fast. A thread that dies fails its task and is replaced.
 */
export type Priority = 'normal' | 'low';

/** A task threw inside the worker; the message is the worker's. */
export class WorkerTaskError extends Error {}

interface Pending {
  readonly request: WorkerRequest;
  readonly transfer: Transferable[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  busy: Pending | null;
}

export interface PoolOptions {
  readonly size?: number;
  /** Idle threads are ended after this long (memory back to the OS). */
  readonly idleMs?: number;
}

/**
 * A thread's young generation (V8's space for new objects) in MB. V8's
 * default (~48 MB) is sized for a main thread; a task's objects are few and
 * short-lived, and each thread's unused young space counted in the app's
 * memory (measured: 54 MB of heap per thread, 21 MB of it used).
 */
const THREAD_YOUNG_GENERATION_MB = 8;

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export class WorkerPool {
  readonly size: number;
  private readonly idleMs: number;
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Priority, Pending[]> = { normal: [], low: [] };
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? defaultPoolSize();
    this.idleMs = options.idleMs ?? 30_000;
  }

  run<T extends TaskName>(task: T, input: TaskInput<T>, options: { priority?: Priority; transfer?: boolean } = {}): Promise<TaskOutput<T>> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise<TaskOutput<T>>((resolvePromise, reject) => {
      const pending: Pending = {
        request: { id: this.nextId++, task, input },
        transfer: options.transfer === true ? transferablesOf(input) : [],
        resolve: (value) => resolvePromise(value as TaskOutput<T>),
        reject,
      };
      this.queues[options.priority ?? 'normal'].push(pending);
      this.pump();
    });
  }

  /** Starts a thread now if none runs, for a task that is about to come (a thread takes tens of ms to start). */
  warm(): void {
    if (this.closed || this.slots.length > 0) return;
    this.spawn();
    this.armIdleTimer();
  }

  /**
   * Runs a task only if a thread can take it at once, else returns null. For
   * a caller that then blocks its own thread on the task's messages: a
   * queued task would wait for this thread's event loop, which is blocked.
   */
  runIfIdle<T extends TaskName>(task: T, input: TaskInput<T>, transfer: readonly Transferable[]): Promise<TaskOutput<T>> | null {
    const threadFree = this.slots.some((s) => !s.busy) || this.slots.length < this.size;
    if (this.closed || !threadFree) return null;
    return new Promise<TaskOutput<T>>((resolvePromise, reject) => {
      const pending: Pending = { request: { id: this.nextId++, task, input }, transfer: [...transfer], resolve: (value) => resolvePromise(value as TaskOutput<T>), reject };
      this.queues.normal.unshift(pending);
      this.pump();
    });
  }

  /** Tasks waiting or running. */
  get load(): number {
    return this.queues.normal.length + this.queues.low.length + this.slots.filter((s) => s.busy).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const pending of [...this.queues.normal, ...this.queues.low]) pending.reject(new Error('The worker pool is closed.'));
    this.queues.normal.length = 0;
    this.queues.low.length = 0;
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    for (;;) {
      const queue = this.queues.normal.length > 0 ? this.queues.normal : this.queues.low;
      if (queue.length === 0) break;
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) break;
      const pending = queue.shift();
      if (!pending) break;
      slot.busy = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.request, pending.transfer);
    }
    this.armIdleTimer();
  }

  private spawn(): Slot {
    const { file, execArgv } = workerScript();
    const worker = new Worker(file, { execArgv, resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB } });
    const slot: Slot = { worker, busy: null };
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.busy;
      slot.busy = null;
      worker.unref();
      if (pending?.request.id === reply.id) {
        if (reply.ok) pending.resolve(reply.value);
        else pending.reject(new WorkerTaskError(reply.message));
      }
      this.pump();
    });
    const retire = (error: Error): void => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.busy?.reject(new WorkerTaskError(`A worker thread stopped: ${error.message}`));
      slot.busy = null;
      if (!this.closed) this.pump();
    };
    worker.on('error', retire);
    worker.on('exit', (code) => retire(new Error(`exit code ${code}`)));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.load > 0 || this.slots.length === 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.load > 0) return;
      for (const slot of this.slots.splice(0)) void slot.worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

/**
 * The bundle (dist/{cli,main,host}/*.cjs) runs dist/workers/worker.cjs; the
 * source tree (tests, tsx scripts) runs worker.ts through tsx.
 */
function workerScript(): { file: string; execArgv: string[] } {
  const override = process.env.SEALBOOK_WORKER_SCRIPT;
  if (override !== undefined && override !== '') return { file: override, execArgv: [] };
  const here = typeof __filename === 'string' ? __filename : '';
  if (here.endsWith('.cjs') || here.endsWith('.js')) {
    return { file: join(dirname(here), '..', 'workers', 'worker.cjs'), execArgv: [] };
  }
  const sourceDir = here.endsWith('.ts') ? dirname(here) : findSourceDir();
  return { file: join(sourceDir, 'worker-entry.mjs'), execArgv: [] };
}

function findSourceDir(): string {
  const starts = [process.cwd(), process.argv[1] === undefined ? undefined : dirname(process.argv[1])];
  for (const start of starts) {
    let dir = start === undefined ? undefined : resolve(start);
    for (let depth = 0; dir !== undefined && depth < 6; depth += 1) {
      const candidate = join(dir, 'src-main', 'core', 'workers');
      if (existsSync(join(candidate, 'worker-entry.mjs'))) return candidate;
      const parent = dirname(dir);
      dir = parent === dir ? undefined : parent;
    }
  }
  throw new Error('The Sealbook worker script was not found; run `npm run build` or set SEALBOOK_WORKER_SCRIPT.');
}

let shared: WorkerPool | null = null;

/** The process-wide pool (one per process, like the CPU it shares). */
export function sharedPool(): WorkerPool {
  shared ??= new WorkerPool();
  return shared;
}
