import { ForbiddenError, LockedOutError, UnauthenticatedError } from '../errors.js';
import type { Keychain } from '../vault/keychain.js';
import type { VaultFolder } from '../vault/folder.js';
import type { UnlockedVault } from '../vault/unlocked.js';
import { appendAudit } from '../audit/chain.js';
import type { LockoutState } from './lockout.js';
import {
  RECOVERY_SUBJECT,
  attemptsLeft,
  lockedUntil,
  readLockout,
  recordFailure,
  recordRefused,
  resetFailures,
  setMfaHint,
} from './lockout.js';
import { verifySecondFactor } from './mfa.js';
import type { SecondFactor } from './mfa.js';
import { assertStrongPassword } from './password-policy.js';
import { Session } from './session.js';
import type { SessionHost } from './session.js';
import { findUserById, listUserRecords, setLastLogin, setMustChangePassword } from './user-store.js';
import type { UserRecord } from './user-store.js';

export type VaultSession = Session<UnlockedVault>;

function updateLockout(folder: VaultFolder, change: (state: LockoutState) => LockoutState): void {
  folder.updateHeader((h) => ({ ...h, lockout: change(readLockout(h.lockout)) }));
}

/** Refuses before any password work while `subject` is locked out (the attempt is kept for the log). */
function refuseIfLockedOut(folder: VaultFolder, subject: string, now: Date): void {
  const until = lockedUntil(readLockout(folder.reload().lockout), subject, now);
  if (!until) return;
  updateLockout(folder, (s) => recordRefused(s, subject, now, until));
  throw new LockedOutError(until);
}

/** Counts a failure in the header; the error to show says how many tries are left, or when to come back. */
function failed(folder: VaultFolder, subject: string, now: Date, error: UnauthenticatedError): Error {
  const outcome: { retryAt: Date | null; left: number } = { retryAt: null, left: 0 };
  updateLockout(folder, (s) => {
    const next = recordFailure(s, subject, now);
    outcome.retryAt = next.retryAt;
    outcome.left = attemptsLeft(next.state, subject);
    return next.state;
  });
  const { retryAt, left } = outcome;
  if (retryAt) return new LockedOutError(retryAt);
  const hint = left > 0 && left < 3 ? ` ${left} more ${left === 1 ? 'try' : 'tries'} before a pause.` : '';
  return new UnauthenticatedError(`${error.message}${hint}`, error.details);
}

/**
 * Moves the failures and lockouts recorded in the header while the vault was
 * locked into the audit log (DESIGN §3), then drops them from the header.
 * Logged before being dropped: a crash in between repeats them, never loses them.
 */
export function flushPendingEvents(session: VaultSession): void {
  const state = readLockout(session.vault.folder.reload().lockout);
  if (state.pending.length === 0 && state.dropped === 0) return;
  session.transaction(() => {
    for (const e of state.pending) {
      appendAudit(session.db, session.vault.keys.audit, {
        actor: e.user,
        action: e.action,
        subject: e.user,
        details: { recordedWhileLocked: true, ...(e.failures === undefined ? {} : { failures: e.failures }), ...(e.retryAt ? { retryAt: e.retryAt } : {}) },
        at: new Date(e.at),
      });
    }
    if (state.dropped > 0) session.audit({ action: 'session.eventsDropped', details: { count: state.dropped } });
  });
  const flushed = state.pending.length;
  updateLockout(session.vault.folder, (s) => ({ ...s, pending: s.pending.slice(flushed), dropped: Math.max(0, s.dropped - state.dropped) }));
}

function clearFailures(folder: VaultFolder, subject: string, mfaUser?: UserRecord): void {
  updateLockout(folder, (s) => {
    const next = resetFailures(s, subject);
    return mfaUser ? setMfaHint(next, mfaUser.name, mfaUser.mfaSecret !== null) : next;
  });
}

export interface UnlockInput {
  readonly user: string;
  readonly password: string;
  readonly totp?: string | undefined;
}

/** Unlock with user name, password and (once enrolled) a TOTP or recovery code. */
export async function unlockSession(host: SessionHost, folder: VaultFolder, keychain: Keychain, input: UnlockInput): Promise<VaultSession> {
  const now = host.now();
  const name = input.user.normalize('NFC');
  const known = folder.userNames().includes(name);
  if (known) refuseIfLockedOut(folder, name, now);
  // Header hint only: asks for the code before any password work. The DB decides below.
  if (known && readLockout(folder.header.lockout).mfa.includes(name) && !input.totp?.trim()) {
    throw new UnauthenticatedError('Enter the 6-digit code from your authenticator app, or a recovery code.', { needs: 'totp' });
  }
  let vault: UnlockedVault;
  try {
    vault = await folder.unlockWithPassword(name, input.password, keychain);
  } catch (error) {
    // Unknown names are not counted: they test no secret, and would let anyone grow the header.
    if (known && error instanceof UnauthenticatedError) throw failed(folder, name, now, error);
    throw error;
  }
  try {
    const user = vault.unlockedBy.userId === undefined ? null : findUserById(vault.db, vault.unlockedBy.userId);
    if (!user) throw new UnauthenticatedError('This user has no account in the vault. Ask the vault owner.');
    if (user.disabled) {
      appendAudit(vault.db, vault.keys.audit, { actor: user.name, action: 'session.refusedDisabled', subject: user.name, at: now });
      throw new ForbiddenError('This account is disabled. Ask the vault owner to enable it.');
    }
    let factor: SecondFactor | 'password' = 'password';
    if (user.mfaSecret !== null) {
      try {
        factor = verifySecondFactor(vault.db, user, input.totp, now, folder.header.company);
      } catch (error) {
        // Counted even when no code was given: otherwise this path would confirm passwords without limit.
        if (error instanceof UnauthenticatedError) throw failed(folder, name, now, error);
        throw error;
      }
    }
    clearFailures(folder, name, user);
    const session = new Session(host, vault, user.id, user.name, user.role);
    flushPendingEvents(session);
    session.transaction(() => {
      setLastLogin(vault.db, user.id, now.toISOString());
      session.audit({ action: 'session.unlock', subject: user.name, details: { factor, mustChangePassword: user.mustChangePassword } });
    });
    return session;
  } catch (error) {
    vault.lock();
    throw error;
  }
}

/**
 * Restore path (DESIGN §2): the recovery key opens the vault on a device whose
 * keychain never saw it; the first active owner gets a new password, bound here.
 */
export async function recoverSession(
  host: SessionHost,
  folder: VaultFolder,
  keychain: Keychain,
  input: { recoveryKey: string; newPassword: string },
): Promise<VaultSession> {
  const now = host.now();
  refuseIfLockedOut(folder, RECOVERY_SUBJECT, now);
  assertStrongPassword(input.newPassword, 'newPassword', [folder.header.company]);
  let vault: UnlockedVault;
  try {
    vault = await folder.unlockWithRecoveryKey(input.recoveryKey, keychain);
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw failed(folder, RECOVERY_SUBJECT, now, error);
    throw error;
  }
  try {
    const owner = listUserRecords(vault.db)
      .filter((u) => u.role === 'owner' && !u.disabled)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!owner) throw new UnauthenticatedError('This vault has no active owner to recover. Restore it from a backup.');
    await vault.bindToThisDevice(keychain, { userId: owner.id, userName: owner.name }, input.newPassword);
    clearFailures(folder, RECOVERY_SUBJECT);
    clearFailures(folder, owner.name);
    const session = new Session(host, vault, owner.id, owner.name, owner.role);
    flushPendingEvents(session);
    session.transaction(() => {
      setMustChangePassword(vault.db, owner.id, false);
      setLastLogin(vault.db, owner.id, now.toISOString());
      session.audit({ action: 'vault.recovered', subject: owner.name, details: { boundToThisDevice: true } });
    });
    return session;
  } catch (error) {
    vault.lock();
    throw error;
  }
}

/**
 * Proves the session user's password again (re-authentication, password
 * change). Failures count toward the lockout like failed unlocks.
 */
export async function verifyOwnPassword(session: VaultSession, keychain: Keychain, password: string, now: Date): Promise<void> {
  const folder = session.vault.folder;
  try {
    refuseIfLockedOut(folder, session.userName, now);
    const probe = await folder.unlockWithPassword(session.userName, password, keychain);
    probe.lock();
  } catch (error) {
    const shown = error instanceof UnauthenticatedError ? failed(folder, session.userName, now, error) : error;
    flushPendingEvents(session);
    throw shown;
  }
  clearFailures(folder, session.userName);
  session.markProof();
}
