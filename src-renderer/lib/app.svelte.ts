import type { AppInfo, SessionInfo, VaultSummary } from '../../src-shared/contract.js';
import type { MessageKey } from './i18n.js';
import { call } from './api.js';
import { showError } from './toasts.svelte.js';

export type Screen = 'loading' | 'welcome' | 'create' | 'recover' | 'restore' | 'unlock' | 'changePassword' | 'main';

interface AppView {
  screen: Screen;
  info: AppInfo | null;
  vault: VaultSummary | null;
  session: SessionInfo | null;
  /** Shown on the unlock screen, e.g. why the session ended. */
  notice: MessageKey | null;
  /** Kept only between unlock and the forced password change, then cleared. */
  pendingPassword: string | null;
}

export const view = $state<AppView>({
  screen: 'loading',
  info: null,
  vault: null,
  session: null,
  notice: null,
  pendingPassword: null,
});

export function go(screen: Screen): void {
  view.screen = screen;
}

/** Asks main where we are (vault open? session?) and shows the matching screen. */
export async function refresh(): Promise<void> {
  const result = await call('app.info', {});
  if (!result.ok) {
    showError(result.error);
    view.screen = 'welcome';
    return;
  }
  view.info = result.value;
  view.vault = result.value.vault;
  if (result.value.session) enterSession(result.value.session, null);
  else view.screen = result.value.vault ? 'unlock' : 'welcome';
}

export function vaultOpened(vault: VaultSummary): void {
  view.vault = vault;
  view.notice = null;
  view.screen = 'unlock';
}

/** After unlock/recover: a one-time password must be replaced before anything else. */
export function enterSession(session: SessionInfo, password: string | null): void {
  view.session = session;
  view.notice = null;
  if (session.mustChangePassword) {
    view.pendingPassword = password;
    view.screen = 'changePassword';
  } else {
    view.pendingPassword = null;
    view.screen = 'main';
  }
}

export function sessionUpdated(session: SessionInfo): void {
  view.session = session;
  view.pendingPassword = null;
  if (view.screen === 'changePassword' && !session.mustChangePassword) view.screen = 'main';
}

/** The session ended (user, idle, suspend): back to unlock with the reason. */
export function sessionEnded(notice: MessageKey | null): void {
  view.session = null;
  view.pendingPassword = null;
  view.notice = notice;
  view.screen = view.vault ? 'unlock' : 'welcome';
}

export async function lockNow(): Promise<void> {
  const result = await call('session.lock', {});
  if (!result.ok) showError(result.error);
  // The session.locked event also arrives; ending twice is harmless.
  sessionEnded('unlock.lockedByUser');
}

export async function closeVault(): Promise<void> {
  const result = await call('vault.close', {});
  if (!result.ok) {
    showError(result.error);
    return;
  }
  view.vault = null;
  view.session = null;
  view.notice = null;
  view.screen = 'welcome';
}
