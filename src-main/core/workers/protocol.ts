import type { TaskName } from './tasks.js';

export interface WorkerRequest {
  readonly id: number;
  readonly task: TaskName;
  readonly input: unknown;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** The ArrayBuffers of every Uint8Array in a (shallow or nested) value: moved, not copied, across threads. */
export function transferablesOf(value: unknown, found: ArrayBuffer[] = [], depth = 0): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return found;
  if (value instanceof Uint8Array) {
    const buffer = value.buffer;
    // Only a buffer the value owns whole may move; a view into a shared pool (Buffer) is copied.
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength && !found.includes(buffer)) {
      found.push(buffer);
    }
    return found;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) transferablesOf(item, found, depth + 1);
  return found;
}
