/**
 * Errors are values at the process boundary (after Signal's wrapResult):
 * every call answers `{ ok: true, value }` or `{ ok: false, error }`, and the
 * error carries a stable code a caller can switch on. No stack, no SQL.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'LOCKED_OUT',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RETENTION',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  readonly code: ErrorCode;
  /** A sentence a person can act on. */
  readonly message: string;
  /** Per-field messages for VALIDATION (dotted paths into the input). */
  readonly fields?: Readonly<Record<string, string>>;
  /** Extra machine-readable facts, e.g. `retryAt` for LOCKED_OUT or `needs: 'totp'`. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };
