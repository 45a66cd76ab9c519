/**
 * One offline Tesseract engine for the process (English, German and French),
 * created on first use. It runs in tesseract.js's own worker thread; that
 * thread holds the process open only while a recognition is running, and is
 * ended after an idle minute, so no caller needs a shutdown call.
 * Nothing is fetched: the language data comes from a local folder with the
 * cache turned off, and the Node build of tesseract.js loads its WebAssembly
 * core with require(), never through corePath.
 */
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { UnavailableError } from '../../errors.js';
import { languageFolder, OCR_LANGUAGES } from './ocr-languages.js';

const IDLE_MS = 60_000;
// Loading three languages takes ~1-3 s; a minute means the worker is stuck (tesseract.js never settles a failed init).
const START_TIMEOUT_MS = 60_000;

/** tesseract.js exposes its worker_threads Worker on the object but not in its types. */
interface ThreadHandle {
  ref(): void;
  unref(): void;
}
function threadOf(worker: Worker): ThreadHandle | undefined {
  const thread: unknown = (worker as unknown as { worker?: unknown }).worker;
  if (typeof thread !== 'object' || thread === null) return undefined;
  const handle = thread as Partial<ThreadHandle>;
  return typeof handle.ref === 'function' && typeof handle.unref === 'function' ? (handle as ThreadHandle) : undefined;
}

class OcrEngine {
  private worker: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private running = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  /** Text of one page image (PNG or JPEG bytes). Calls run one after another on the one engine. */
  recognize(image: Uint8Array): Promise<string> {
    const job = this.queue.then(() => this.run(image));
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Ends the engine now (after the idle time); the next call starts a new one. */
  async stop(): Promise<void> {
    clearTimeout(this.idleTimer);
    const pending = this.worker;
    this.worker = undefined;
    if (pending !== undefined) await (await pending.catch(() => undefined))?.terminate();
  }

  private async run(image: Uint8Array): Promise<string> {
    clearTimeout(this.idleTimer);
    this.running += 1;
    const worker = await this.engine();
    threadOf(worker)?.ref();
    try {
      const result = await worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
      return result.data.text;
    } catch (error) {
      throw new UnavailableError(`Text recognition failed (${describe(error)}). The receipt is kept; retry its text recognition later.`);
    } finally {
      this.running -= 1;
      if (this.running === 0) {
        threadOf(worker)?.unref();
        this.idleTimer = setTimeout(() => void this.stop(), IDLE_MS);
        this.idleTimer.unref();
      }
    }
  }

  private engine(): Promise<Worker> {
    this.worker ??= this.start().catch((error: unknown) => {
      this.worker = undefined;
      throw error;
    });
    return this.worker;
  }

  private async start(): Promise<Worker> {
    const langPath = await languageFolder();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError('The text recognition engine did not start; restart Sealbook.')), START_TIMEOUT_MS);
    });
    try {
      const worker = await Promise.race([
        createWorker(OCR_LANGUAGES.join('+'), OEM.LSTM_ONLY, {
          langPath,
          gzip: true,
          // Read-only from langPath: no cache folder written, nothing downloaded.
          cacheMethod: 'none',
          // Without a handler tesseract.js rethrows job errors from its message listener, crashing the process.
          errorHandler: () => undefined,
        }),
        timeout,
      ]);
      return worker;
    } finally {
      clearTimeout(timer);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const ocrEngine = new OcrEngine();
