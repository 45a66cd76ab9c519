import type { IpcError } from '../../src-shared/result.js';

/** VALIDATION errors name fields by dotted path; forms show them next to the input. */
export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrors(error: IpcError): FieldErrors {
  return error.code === 'VALIDATION' && error.fields ? error.fields : {};
}

/** base64 (from main) -> object URL the user can download; the caller revokes it. */
export function base64ToObjectUrl(base64: string, type: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type }));
}

/** Starts a download of `text` without leaving the page. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
