/**
 * The browser host's stand-in for the Electron preload: defines the same
 * frozen `window.sealbook` over fetch. Served by src-main/host before the app
 * script. The per-launch token arrives in the URL fragment (never sent to a
 * server), moves to sessionStorage and is removed from the address bar.
 */
import type { EventMap, EventName, SealbookBridge } from '../../src-shared/events.js';
import type { Result } from '../../src-shared/result.js';

const TOKEN_KEY = 'sealbook.token';
const INVOKE_PATH = '/__sealbook/invoke';
const EVENTS_PATH = '/__sealbook/events';
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000];

function takeToken(): string {
  const match = /[#&]token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1] !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const token = takeToken();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

const unavailable: Result<never> = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'Sealbook is not running. Start it again, then reload this page.' },
};

async function invoke(channel: string, input: unknown): Promise<unknown> {
  try {
    const response = await fetch(INVOKE_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ channel, input }),
    });
    return (await response.json()) as unknown;
  } catch {
    return unavailable;
  }
}

function dispatch(block: string): void {
  let event = '';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) data += line.slice('data: '.length);
  }
  const set = listeners.get(event as EventName);
  if (!set || data === '') return;
  const payload = JSON.parse(data) as unknown;
  for (const callback of set) callback(payload);
}

async function listen(attempt: number): Promise<void> {
  try {
    const response = await fetch(EVENTS_PATH, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  } catch {
    // The host went away or the stream broke: retry a bounded number of times.
  }
  const delay = RECONNECT_DELAYS_MS[attempt];
  if (delay !== undefined) window.setTimeout(() => void listen(attempt + 1), delay);
}

function subscribe<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void {
  let set = listeners.get(event);
  if (!set) {
    set = new Set();
    listeners.set(event, set);
  }
  const entry = callback as (payload: unknown) => void;
  set.add(entry);
  return () => set.delete(entry);
}

const bridge: SealbookBridge = Object.freeze({ invoke, subscribe });
Object.defineProperty(window, 'sealbook', { value: bridge, writable: false, configurable: false, enumerable: true });
void listen(0);
