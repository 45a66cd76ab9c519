/**
 * The renderer's one origin. Imported by main and by the preload, so this
 * file has no imports at all (the sandboxed preload bundle stays tiny).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sealbook';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** IPC channel names between preload and main. */
export const INVOKE_CHANNEL = 'sealbook:invoke';
export const EVENT_CHANNEL = 'sealbook:event';

/** True when `url` is a well-formed URL on exactly `app://sealbook` (no credentials, no port). */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: certainly not ours.
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
