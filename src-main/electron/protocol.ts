import { protocol } from 'electron';
import type { Protocol } from 'electron';
import { SECURITY_HEADERS, resolveAppRequest } from './app-protocol.js';
import { APP_SCHEME } from './origin.js';

/**
 * `app://sealbook` is a standard, secure scheme (so it has a real origin the
 * IPC check can compare against) with no fetch/CORS privileges: the renderer
 * has nothing to fetch (connect-src 'none'). Must run before `app` is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
    },
  ]);
}

/** Serves the built renderer from `rendererDir` (after `app` is ready). */
export function handleAppProtocol(rendererDir: string, target: Protocol = protocol, log: (message: string, error: unknown) => void = defaultLog): void {
  target.handle(APP_SCHEME, async (request) => {
    try {
      const response = await resolveAppRequest(rendererDir, { method: request.method, url: request.url });
      return new Response(response.body, { status: response.status, headers: response.headers });
    } catch (error) {
      // An unreadable file: log it here, answer without details.
      log(`[sealbook] app:// could not serve ${request.url}`, error);
      return new Response(null, { status: 500, headers: SECURITY_HEADERS });
    }
  });
}

function defaultLog(message: string, error: unknown): void {
  console.error(message, error);
}
