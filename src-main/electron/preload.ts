import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { isChannel } from '../../src-shared/contract.js';
import { isEventName } from '../../src-shared/events.js';
import type { SealbookBridge } from '../../src-shared/events.js';
import type { Result } from '../../src-shared/result.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './origin.js';

/**
 * Runs sandboxed, bundled into one CommonJS file that requires only
 * `electron`. The page gets one frozen object; never `ipcRenderer`, never an
 * IPC event (it carries `sender`), only payloads.
 */

const UNKNOWN_CHANNEL: Result<never> = {
  ok: false,
  error: { code: 'NOT_FOUND', message: 'Unknown request. Update Sealbook and try again.' },
};

// Parameters are `unknown`: the page is untrusted and may pass anything.
function invoke(channel: unknown, input: unknown): Promise<unknown> {
  if (!isChannel(channel)) return Promise.resolve(UNKNOWN_CHANNEL);
  return ipcRenderer.invoke(INVOKE_CHANNEL, channel, input);
}

function subscribe(event: unknown, callback: unknown): () => void {
  if (!isEventName(event)) throw new TypeError(`Unknown event '${String(event)}'.`);
  if (typeof callback !== 'function') throw new TypeError('subscribe needs a callback function.');
  const deliver = callback as (payload: unknown) => void;
  const listener = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
    if (name === event) deliver(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, listener);
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    ipcRenderer.removeListener(EVENT_CHANNEL, listener);
  };
}

/** Receipts dropped on the page are read by main from their paths (issue 7); a non-File gets ''. */
function pathForFile(file: unknown): string {
  if (typeof File === 'undefined' || !(file instanceof File)) return '';
  return webUtils.getPathForFile(file);
}

export const bridge: SealbookBridge = Object.freeze({ invoke, subscribe, pathForFile });

contextBridge.exposeInMainWorld('sealbook', bridge);
