import { setReauthPrompt } from './api.js';

/** One pending re-authentication at a time; concurrent callers share it. */
export const reauth = $state<{ open: boolean }>({ open: false });
let pending: Promise<boolean> | null = null;
let resolvePending: ((confirmed: boolean) => void) | null = null;

function prompt(): Promise<boolean> {
  if (pending) return pending;
  pending = new Promise<boolean>((resolve) => {
    resolvePending = resolve;
  });
  reauth.open = true;
  return pending;
}

export function finishReauth(confirmed: boolean): void {
  reauth.open = false;
  resolvePending?.(confirmed);
  pending = null;
  resolvePending = null;
}

export function installReauthPrompt(): () => void {
  setReauthPrompt(prompt);
  return () => setReauthPrompt(null);
}
