import type { IpcError, Result } from '../../src-shared/result.js';
import { showError } from './toasts.svelte.js';

/** VALIDATION errors name fields by dotted path; forms show them next to the input. */
export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrors(error: IpcError): FieldErrors {
  return error.code === 'VALIDATION' && error.fields ? error.fields : {};
}

/** What every form shows while it talks to main; pass a `$state` object so the view follows. */
export interface FormState {
  busy: boolean;
  errors: FieldErrors;
}

/**
 * One form round trip: busy while the call runs, field errors from VALIDATION
 * next to their inputs, main's message as a toast. The caller only handles success.
 */
export async function submitForm<T>(form: FormState, run: () => Promise<Result<T>>): Promise<Result<T>> {
  form.busy = true;
  const result = await run();
  form.busy = false;
  form.errors = result.ok ? {} : fieldErrors(result.error);
  if (!result.ok) showError(result.error);
  return result;
}

/** base64 (from main) -> object URL the user can download; the caller revokes it. */
export function base64ToObjectUrl(base64: string, type: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type }));
}

/** Saves `url` through a temporary link, then frees it. */
function downloadUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Starts a download of `text` without leaving the page. */
export function downloadText(text: string, fileName: string, type: string): void {
  downloadUrl(URL.createObjectURL(new Blob([text], { type })), fileName);
}

/** Starts a download of base64 bytes from main (sealed PDFs, previews). */
export function downloadBase64(base64: string, fileName: string, type: string): void {
  downloadUrl(base64ToObjectUrl(base64, type), fileName);
}

/** The QR SVG comes from main's `qrcode` lib; an <img> keeps it inert (no {@html}). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wrapped = (...args: A): void => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = (): void => clearTimeout(timer);
  return wrapped;
}
