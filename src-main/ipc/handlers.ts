import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract.js';
import type { ActiveSession, AppState } from '../core/app.js';

export interface CallContext {
  readonly app: AppState;
  /** The caller's session; handlers for `session`/permission channels always get one. */
  readonly session: ActiveSession | null;
}

export type Handler<C extends Channel> = (
  input: ChannelInput<C>,
  ctx: CallContext,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

/** Each feature declares its part of this map (after Actual Budget's handler maps). */
export type Handlers = { readonly [C in Channel]: Handler<C> };
export type HandlerMap<C extends Channel> = { readonly [K in C]: Handler<K> };
