/**
 * Every task the worker pool can run, by name. A feature adds its tasks
 * here; the worker loads a task's module only when it first runs, so a pool
 * used for hashing alone never loads sharp or pdf-lib.
 *
 * Inputs and outputs cross a thread boundary by structured clone: plain
 * data, Uint8Arrays (transferred, not copied, where the task says so).
 */
import type { RuleFinding } from '../../../src-shared/einvoice.js';
import type { SchematronJob } from '../einvoice/schematron.js';
import type { ThreadJob } from '../bank/reading-thread.js';
import type { ArchiveInput, ArchiveOutput, DecodeInput, DecodeOutput } from '../receipts/render/tasks.js';

export interface TaskMap {
  /** SHA-256 of the bytes, hex; the bytes come back with it (moved both ways when run with `transfer`). */
  readonly sha256: { readonly input: Uint8Array; readonly output: { readonly sha256: string; readonly bytes: Uint8Array } };
  /** A receipt's sealed rendition (receipts feature). */
  readonly 'receipts.archive': { readonly input: ArchiveInput; readonly output: ArchiveOutput };
  /** First page of an image as PNG, for text recognition (receipts feature). */
  readonly 'receipts.decode': { readonly input: DecodeInput; readonly output: DecodeOutput };
  /** One EN 16931 / Factur-X schematron run on one invoice XML (einvoice feature). */
  readonly 'einvoice.schematron': { readonly input: SchematronJob; readonly output: RuleFinding[] };
  /** The reading half of a bank statement import, posting its parts as it goes (bank feature). */
  readonly 'bank.read': { readonly input: ThreadJob; readonly output: { readonly parts: number } };
}

export type TaskName = keyof TaskMap;
export type TaskInput<T extends TaskName> = TaskMap[T]['input'];
export type TaskOutput<T extends TaskName> = TaskMap[T]['output'];

type Runner<T extends TaskName> = (input: TaskInput<T>) => Promise<TaskOutput<T>>;
export type TaskRunners = { readonly [T in TaskName]: () => Promise<Runner<T>> };

/** Loaded inside the worker thread only. */
export const TASK_RUNNERS: TaskRunners = {
  sha256: async () => {
    const { createHash } = await import('node:crypto');
    return (bytes) => Promise.resolve({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
  },
  'receipts.archive': async () => (await import('../receipts/render/tasks.js')).archive,
  'receipts.decode': async () => (await import('../receipts/render/tasks.js')).decodeForText,
  'einvoice.schematron': async () => (await import('../einvoice/schematron.js')).runSchematron,
  'bank.read': async () => (await import('../bank/reading-thread.js')).runReadingJob,
};
