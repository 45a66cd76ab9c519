import type { Channel, ChannelArgs, ChannelOutput } from '../../src-shared/contract.js';
import type { EventMap, EventName, SealbookBridge } from '../../src-shared/events.js';
import type { Result } from '../../src-shared/result.js';
import { t } from './locale.svelte.js';

/**
 * The renderer's only door to main. In Electron the preload provides
 * `window.sealbook`; in the browser host an injected script does.
 */
function bridge(): SealbookBridge {
  const found = (window as Window & { sealbook?: SealbookBridge }).sealbook;
  if (!found) throw new Error('bridge-missing');
  return found;
}

export function bridgeAvailable(): boolean {
  return (window as Window & { sealbook?: SealbookBridge }).sealbook !== undefined;
}

/** Asked when main says a sensitive action needs a fresh password proof. */
type ReauthPrompt = () => Promise<boolean>;
let reauthPrompt: ReauthPrompt | null = null;
export function setReauthPrompt(prompt: ReauthPrompt | null): void {
  reauthPrompt = prompt;
}

/** Told when main says there is no session any more (idle lock raced a call). */
let onSessionGone: (() => void) | null = null;
export function setSessionGoneHandler(handler: (() => void) | null): void {
  onSessionGone = handler;
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

/** One call, no re-authentication round: for the password dialog itself. */
export async function callOnce<C extends Channel>(channel: C, input: ChannelArgs<C>): Promise<Result<ChannelOutput<C>>> {
  try {
    // Svelte state proxies cannot be structured-cloned across contextBridge;
    // every contract input is plain JSON, so a JSON copy is exact.
    const plain: unknown = JSON.parse(JSON.stringify(input));
    const answer = await bridge().invoke(channel, plain);
    if (!isResult(answer)) {
      return { ok: false, error: { code: 'INTERNAL', message: t('errors.badAnswer') } };
    }
    // The dispatcher typed the value from the same contract.
    return answer as Result<ChannelOutput<C>>;
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: t('errors.unreachable') } };
  }
}

/**
 * Typed call over the bridge. A sensitive action that needs re-authentication
 * asks for the password once (via the registered prompt) and is retried once.
 */
export async function call<C extends Channel>(channel: C, input: ChannelArgs<C>): Promise<Result<ChannelOutput<C>>> {
  const first = await callOnce(channel, input);
  if (first.ok || first.error.code !== 'UNAUTHENTICATED') return first;
  const needs = first.error.details?.['needs'];
  if (needs === 'reauth' && reauthPrompt) {
    const confirmed = await reauthPrompt();
    return confirmed ? callOnce(channel, input) : first;
  }
  if (needs === 'unlock' && onSessionGone) onSessionGone();
  return first;
}

export function on<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void {
  if (!bridgeAvailable()) return () => undefined;
  return bridge().subscribe(event, callback);
}
