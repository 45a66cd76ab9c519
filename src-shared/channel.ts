import type { z } from 'zod';
import type { Access } from './roles.js';

/**
 * The single list of IPC channels: name, input schema, output type, required
 * access and whether a call is audited. The preload, the browser host, the
 * CLI and the dispatcher all read this; a test fails when a channel has no
 * handler or a handler no channel.
 */
export interface ChannelSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom: carries the output type only. */
  readonly output: O;
  readonly access: Access;
  /** Audited calls append a row to the audit log in the call's transaction. */
  readonly audited: boolean;
  /** Sensitive calls need a password proof younger than 5 minutes (DESIGN §3). */
  readonly reauth?: boolean;
}

/** Phantom marker for a channel's output type. */
interface Returns<O> {
  readonly __returns?: O;
}
export function returns<O>(): Returns<O> {
  return {};
}

export function channel<I extends z.ZodType, O>(
  input: I,
  _output: Returns<O>,
  spec: { access: Access; audited: boolean; reauth?: boolean },
): ChannelSpec<I, O> {
  return { input, output: undefined as unknown as O, ...spec };
}

