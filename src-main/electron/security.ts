import { app, shell } from 'electron';
import type { Session, WebContents } from 'electron';

/**
 * Session-wide and per-webContents guards (DESIGN §8). The renderer has no
 * network, no permissions, no navigation and no second window; main talks to
 * backup targets through Node's own HTTPS stack, never through this session.
 */

const MAX_EXTERNAL_URL_LENGTH = 2048;

/** True for a well-formed `https:` URL with a host and no credentials or control characters. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // The URL parser silently drops tabs, newlines and edge spaces; refuse them instead.
  if (hasControlOrSpace(url)) return false;
  // Lenient spellings (`https:host`, `https:/host`) parse too; only the plain form is well-formed.
  if (!url.toLowerCase().startsWith('https://')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: nothing to open.
    return false;
  }
  return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

function hasControlOrSpace(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** The one way out of the app to the user's browser: `https:` only. */
export async function openExternal(url: unknown): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  try {
    // The only call: the URL was just checked to be a credential-free https: URL.
    await shell.openExternal(new URL(url).href); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return true;
  } catch (error) {
    console.error('[sealbook] could not open an external link', error);
    return false;
  }
}

/**
 * What the renderer session may load: its own `app:` origin and in-memory
 * `data:`/`blob:` URLs. DevTools' own pages only while developing.
 */
export function isAllowedRendererRequest(url: string, isPackaged: boolean): boolean {
  const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
  switch (scheme) {
    case 'app:':
    case 'data:':
    case 'blob:':
      return true;
    case 'devtools:':
      return !isPackaged;
    default:
      return false;
  }
}

/** Denies every permission and every network request of the renderer's session. */
export function hardenSession(ses: Session, isPackaged: boolean = app.isPackaged): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  // Feature-detected: present in current Electron, guarded in case a build lacks them.
  if (typeof ses.setDevicePermissionHandler === 'function') ses.setDevicePermissionHandler(() => false);
  if (typeof ses.setDisplayMediaRequestHandler === 'function') {
    ses.setDisplayMediaRequestHandler((_request, callback) => {
      callback(null);
    });
  }
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRendererRequest(details.url, isPackaged) });
  });
}

const guarded = new WeakSet<WebContents>();

/**
 * No navigation, no redirects, no <webview>, no new windows. `https:` links
 * that would open a window go to the system browser instead.
 */
export function installNavigationGuards(contents: WebContents): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event, webPreferences) => {
    // Prevented; the preferences are made safe too in case a future Electron ignores preventDefault.
    event.preventDefault();
    delete webPreferences.preload;
    webPreferences.nodeIntegration = false;
    webPreferences.nodeIntegrationInSubFrames = false;
    webPreferences.contextIsolation = true;
    webPreferences.sandbox = true;
    webPreferences.webSecurity = true;
    webPreferences.allowRunningInsecureContent = false;
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

/** Applies the navigation guards to every webContents the app ever creates. */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    installNavigationGuards(contents);
  });
}
