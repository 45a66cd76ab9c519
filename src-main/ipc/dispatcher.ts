import { z } from 'zod';
import { CONTRACT, isChannel } from '../../src-shared/contract.js';
import type { Channel, ChannelOutput } from '../../src-shared/contract.js';
import type { IpcError, Result } from '../../src-shared/result.js';
import { roleAllows } from '../../src-shared/roles.js';
import type { AppState } from '../core/app.js';
import {
  ForbiddenError,
  ReauthRequiredError,
  SealbookError,
  UnauthenticatedError,
  ValidationError,
  VaultLockedError,
} from '../core/errors.js';
import type { Handler, Handlers } from './handlers.js';

/** DESIGN §3: sensitive actions need a password proof younger than this. */
export const REAUTH_WINDOW_MS = 5 * 60 * 1000;

export interface Dispatcher {
  readonly app: AppState;
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>;
  call<C extends Channel>(channel: C, input: unknown): Promise<Result<ChannelOutput<C>>>;
}

export interface DispatcherOptions {
  /** Where unexpected errors are logged (with their stack, which never crosses). */
  readonly log?: (message: string, error: unknown) => void;
}

/**
 * validate -> authorize -> run -> audit -> typed result (DESIGN §1). The
 * Electron preload, the browser host and the CLI are faces of this one path.
 */
export function createDispatcher(app: AppState, handlers: Handlers, options: DispatcherOptions = {}): Dispatcher {
  const log = options.log ?? ((message, error) => console.error(message, error));

  async function run(channel: Channel, rawInput: unknown): Promise<unknown> {
    const spec = CONTRACT[channel];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw toValidationError(parsed.error);

    const session = app.session;
    if (spec.access !== 'public') {
      if (!session) throw new VaultLockedError();
      if (!roleAllows(session.role, spec.access)) {
        session.audit({ action: 'access.denied', subject: channel, details: { role: session.role } });
        throw new ForbiddenError(`Your role (${session.role}) does not allow this. Ask the vault owner.`);
      }
      if (spec.access !== 'session' && session.mustChangePassword === true) {
        throw new UnauthenticatedError('Change your one-time password first.', { needs: 'passwordChange' });
      }
      if (spec.reauth === true && app.now().getTime() - session.lastProofAt > REAUTH_WINDOW_MS) {
        throw new ReauthRequiredError();
      }
      session.touch();
    }

    const headBefore = session?.auditHead();
    const handler = handlers[channel] as Handler<Channel>;
    const value = await handler(parsed.data, { app, session });

    // Audited calls that did not write their own row still leave a trace.
    if (spec.audited && session && app.session === session && session.auditHead() === headBefore) {
      session.audit({ action: channel });
    }
    return value;
  }

  async function invoke(channel: unknown, input: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: 'Unknown request. Update Sealbook and try again.' } };
    }
    try {
      return { ok: true, value: await run(channel, input) };
    } catch (error) {
      return { ok: false, error: toIpcError(error, channel, log) };
    }
  }

  return {
    app,
    invoke,
    call: (channel, input) => invoke(channel, input) as Promise<Result<ChannelOutput<typeof channel>>>,
  };
}

function toValidationError(error: z.ZodError): ValidationError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  const [first] = Object.entries(fields);
  const summary = first ? (first[0] === '_' ? first[1] : `${first[0]}: ${first[1]}`) : 'The request is not valid.';
  return new ValidationError(`Check the input: ${summary}`, fields);
}

/** Stable code and a message; stacks and SQL stay in main. */
export function toIpcError(error: unknown, channel: string, log: (message: string, error: unknown) => void): IpcError {
  if (error instanceof SealbookError) {
    return {
      code: error.code,
      message: error.message,
      ...(error instanceof ValidationError && error.fields ? { fields: error.fields } : {}),
      ...(error.details ? { details: error.details } : {}),
    };
  }
  log(`[sealbook] ${channel} failed`, error);
  return { code: 'INTERNAL', message: 'Something went wrong inside Sealbook. Nothing was changed; try again.' };
}
