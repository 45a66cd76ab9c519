import type { SessionInfo, VaultSummary } from '../../../src-shared/contract.js';
import type { ActiveSession, AppState } from '../app.js';
import { ValidationError, VaultLockedError } from '../errors.js';
import type { VaultFolder } from '../vault/folder.js';
import { readVaultFolder } from '../vault/folder.js';
import { readLockout, setMfaHint } from './lockout.js';
import { Session } from './session.js';
import type { VaultSession } from './unlock.js';

/** The caller's session as the people services need it (the dispatcher only knows `ActiveSession`). */
export function requireVaultSession(session: ActiveSession | null): VaultSession {
  if (!(session instanceof Session) || session.isEnded) throw new VaultLockedError();
  return session as VaultSession;
}

export function requireOpenVault(app: AppState): VaultFolder {
  if (!app.vault) throw new ValidationError('Open a vault first: choose its folder on the welcome screen.');
  return app.vault;
}

export function vaultSummary(folder: VaultFolder): VaultSummary {
  const header = folder.header;
  return { id: header.vaultId, name: header.company, dir: folder.dir, users: folder.userNames(), passwordOnly: header.passwordOnly };
}

export function sessionInfo(session: ActiveSession | null): SessionInfo | null {
  return session instanceof Session && !session.isEnded ? session.info() : null;
}

/** Makes `folder` the app's vault (ending any session on another one) and remembers it on the welcome screen. */
export function useVault(app: AppState, folder: VaultFolder): void {
  if (app.vault?.dir !== folder.dir) app.lockSession('user');
  app.vault = folder;
  app.recentVaults.remember({ dir: folder.dir, name: folder.header.company, id: folder.header.vaultId, lastOpened: app.now().toISOString() });
}

export function openVaultFolder(app: AppState, dir: string): VaultSummary {
  app.lockSession('user');
  const folder = readVaultFolder(dir);
  useVault(app, folder);
  return vaultSummary(folder);
}

export function closeVault(app: AppState): void {
  app.lockSession('user');
  app.vault = null;
}

/** One session at a time: a new unlock replaces (and locks) the old one. */
export function startSession(app: AppState, session: VaultSession): SessionInfo {
  app.startSession(session);
  return session.info();
}

/** Keeps the unlock screen's "asks for a code" hint in step with the DB. */
export function updateMfaHint(folder: VaultFolder, userName: string, enrolled: boolean): void {
  folder.updateHeader((h) => ({ ...h, lockout: setMfaHint(readLockout(h.lockout), userName, enrolled) }));
}
