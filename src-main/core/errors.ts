import type { ErrorCode } from '../../src-shared/result.js';

type Details = Readonly<Record<string, string | number | boolean>>;

/**
 * Named errors thrown inside core. The dispatcher maps each to its stable
 * code; the message must tell a person what to do next.
 */
export abstract class SealbookError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    message: string,
    readonly details?: Details,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends SealbookError {
  readonly code = 'VALIDATION';
  constructor(
    message: string,
    readonly fields?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}
export class UnauthenticatedError extends SealbookError {
  readonly code = 'UNAUTHENTICATED';
}
/** No session: the vault is locked or not open. */
export class VaultLockedError extends UnauthenticatedError {
  constructor(message = 'The vault is locked. Unlock it and try again.') {
    super(message, { needs: 'unlock' });
  }
}
/** A sensitive action needs a fresh password proof (DESIGN §3). */
export class ReauthRequiredError extends UnauthenticatedError {
  constructor() {
    super('Confirm your password to continue.', { needs: 'reauth' });
  }
}
export class LockedOutError extends SealbookError {
  readonly code = 'LOCKED_OUT';
  constructor(readonly retryAt: Date) {
    super(`Too many failed attempts. Try again after ${retryAt.toISOString().replace('T', ' ').slice(0, 19)} UTC.`, {
      retryAt: retryAt.toISOString(),
    });
  }
}
export class ForbiddenError extends SealbookError {
  readonly code = 'FORBIDDEN';
}
export class NotFoundError extends SealbookError {
  readonly code = 'NOT_FOUND';
}
export class ConflictError extends SealbookError {
  readonly code = 'CONFLICT';
}
export class RetentionError extends SealbookError {
  readonly code = 'RETENTION';
}
/** A required part of the system cannot be reached (keychain, storage). */
export class UnavailableError extends SealbookError {
  readonly code = 'UNAVAILABLE';
}
