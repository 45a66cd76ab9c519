import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { CsvMapping } from '../../../src-shared/bank.js';
import type { WorkerPool } from '../workers/pool.js';
import type { StatementFormat } from './parsers/index.js';
import { StatementRefusedError, streamStatementFile } from './parsers/index.js';
import type { ReaderAccount, ReadingPart } from './reading.js';
import { readStatementFile } from './reading.js';
import type { CompiledRule } from './rules.js';

/**
 * The reading half of a large import on a worker thread, while the caller's
 * thread stores what was read so far (the two halves cost about the same, on
 * two cores). The store is one synchronous transaction, so nothing else can
 * run inside it: the caller blocks on the parts (Atomics.wait on a shared
 * counter the thread bumps after each message) instead of awaiting them.
 */
export interface ReadingJob {
  readonly bytes: Uint8Array;
  readonly format: StatementFormat;
  readonly csvMapping?: CsvMapping | undefined;
  readonly account: ReaderAccount;
  readonly rules: readonly CompiledRule[];
}

export interface ThreadJob extends ReadingJob {
  readonly port: MessagePort;
  /** An Int32 the thread bumps after every part it posts. */
  readonly signal: SharedArrayBuffer;
}

type ThreadPart = ReadingPart | { readonly kind: 'failed'; readonly refused: boolean; readonly message: string };

/** How long the caller waits for the next part before it gives the import up (the thread died, or the machine is starved). */
const SILENCE_MS = 10_000;

/**
 * Whether this thread may block in Atomics.wait. Node's main thread may; a
 * browser's may not, and an embedder (Electron's main process) decides: asked
 * with a value that differs, it answers at once where blocking is allowed and
 * throws where it is not. Asked per import, so nothing is started that could
 * not be received.
 */
export function canBlockHere(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** The worker side (task `bank.read`): posts every part, or why the file could not be read. */
export function runReadingJob(job: ThreadJob): Promise<{ parts: number }> {
  const wake = new Int32Array(job.signal);
  let parts = 0;
  const send = (part: ThreadPart): void => {
    job.port.postMessage(part);
    parts += 1;
    Atomics.add(wake, 0, 1);
    Atomics.notify(wake, 0);
  };
  try {
    const file = streamStatementFile(job.bytes, { format: job.format, csvMapping: job.csvMapping });
    for (const part of readStatementFile(file, job.account, job.rules)) send(part);
  } catch (error) {
    send({ kind: 'failed', refused: error instanceof StatementRefusedError, message: error instanceof Error ? error.message : String(error) });
  } finally {
    job.port.close();
  }
  return Promise.resolve({ parts });
}

/**
 * The caller's side: the parts as they arrive, or null when no pool thread
 * is free at once (the caller then reads on its own thread; a queued task
 * would wait for the event loop this thread is about to block) or this
 * thread may not block.
 */
export interface ThreadReading {
  readonly parts: Iterable<ReadingPart>;
  /** Stops receiving: call when done, also when the parts were never read (the store failed first). */
  close(): void;
}

export function readOnThread(pool: WorkerPool, job: ReadingJob): ThreadReading | null {
  if (!canBlockHere()) return null;
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const running = pool.runIfIdle('bank.read', { ...job, port: port2, signal }, [port2]);
  if (running === null) {
    port1.close();
    return null;
  }
  // A failure inside the task arrives as a part; a thread that dies leaves the caller to its timeout.
  running.catch(() => undefined);
  return { parts: receive(port1, new Int32Array(signal)), close: () => port1.close() };
}

function* receive(port: MessagePort, wake: Int32Array): Generator<ReadingPart, void, undefined> {
  for (;;) {
    const seen = Atomics.load(wake, 0);
    const received = receiveMessageOnPort(port);
    if (received === undefined) {
      if (Atomics.wait(wake, 0, seen, SILENCE_MS) === 'timed-out') {
        throw new Error('Reading the statement stopped halfway; nothing was imported. Import the file again.');
      }
      continue;
    }
    const part = received.message as ThreadPart;
    if (part.kind === 'failed') throw part.refused ? new StatementRefusedError(part.message) : new Error(part.message);
    yield part;
    if (part.kind === 'end') return;
  }
}
