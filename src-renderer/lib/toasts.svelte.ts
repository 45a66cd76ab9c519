import type { IpcError } from '../../src-shared/result.js';

export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly message: string;
}

const TIMEOUT_MS = { success: 4000, info: 5000, error: 8000 } as const;

export const toasts = $state<Toast[]>([]);
let nextId = 1;

export function dismissToast(id: number): void {
  const index = toasts.findIndex((toast) => toast.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

export function showToast(kind: ToastKind, message: string): void {
  const id = nextId++;
  toasts.push({ id, kind, message });
  // Keep the stack short: the oldest goes first.
  if (toasts.length > 4) toasts.shift();
  setTimeout(() => dismissToast(id), TIMEOUT_MS[kind]);
}

/** Main's message already says what to do next; show it as is. */
export function showError(error: IpcError): void {
  showToast('error', error.message);
}
