import { ipcMain } from 'electron';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_NAMES } from '../../src-shared/events.js';
import type { Result } from '../../src-shared/result.js';
import type { AppState } from '../core/app.js';
import { APP_ORIGIN, EVENT_CHANNEL, INVOKE_CHANNEL, isAppUrl } from './origin.js';

/** What the IPC face needs of the dispatcher. */
export interface Invoker {
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>;
}

const FORBIDDEN_SENDER: Result<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'FORBIDDEN', message: 'This request did not come from the Sealbook window and was refused.' }),
});

/**
 * Only the app's own top frame may call (DESIGN §8): a sub-frame, a frame
 * that navigated elsewhere, or a destroyed frame (senderFrame null) is refused.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (frame === null) return false;
  const isTop = frame === event.sender.mainFrame || frame.parent === null;
  return isTop && frame.origin === APP_ORIGIN && isAppUrl(frame.url);
}

/** Registers the single invoke channel; returns a function that removes it. */
export function registerIpc(dispatcher: Invoker, target: IpcMain = ipcMain): () => void {
  target.handle(INVOKE_CHANNEL, (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(event)) return FORBIDDEN_SENDER;
    // Unknown channels and bad input are refused by the dispatcher itself.
    return dispatcher.invoke(channel, input);
  });
  return () => {
    target.removeHandler(INVOKE_CHANNEL);
  };
}

/**
 * Forwards the app's events to the window as (eventName, payload), only while
 * it still shows the app. Returns a function that stops forwarding.
 */
export function forwardEvents(app: AppState, contents: () => WebContents | null): () => void {
  const stops = EVENT_NAMES.map((name) =>
    app.events.on(name, (payload) => {
      const target = contents();
      if (target === null || target.isDestroyed() || !isAppUrl(target.getURL())) return;
      target.send(EVENT_CHANNEL, name, payload);
    }),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
