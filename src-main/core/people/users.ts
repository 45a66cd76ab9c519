import { randomUUID } from 'node:crypto';
import type { UserRow } from '../../../src-shared/contract.js';
import type { Role } from '../../../src-shared/roles.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { assertStrongPassword } from './password-policy.js';
import type { Session, SessionVault } from './session.js';
import {
  countActiveOwners,
  findUserByName,
  getUser,
  insertUser,
  listUserRecords,
  publicUser,
  setMustChangePassword,
  setUserDisabled,
  setUserRole,
} from './user-store.js';

/** The vault operations user management needs (vault.ts `UnlockedVault` has them). */
export interface PeopleVault extends SessionVault {
  readonly folder: {
    readonly header: { readonly company: string; readonly unlockers: readonly { readonly kind: string; readonly userId?: string | undefined }[] };
    userNames(): readonly string[];
  };
  setPasswordUnlocker(user: { userId: string; userName: string }, password: string): Promise<unknown>;
  removeUnlocker(userId: string): unknown;
}

type PeopleSession = Session<PeopleVault>;

export function listUsers(session: PeopleSession): UserRow[] {
  return listUserRecords(session.db).map(publicUser);
}

/** The owner's row, written right after the vault is created. */
export function insertOwner(session: PeopleSession, at: Date): void {
  insertUser(session.db, { id: session.userId, name: session.userName, role: 'owner', mustChangePassword: false, createdAt: at.toISOString() });
}

/** A new user with a one-time password, to be changed at first unlock. */
export async function addUser(
  session: PeopleSession,
  input: { name: string; role: Role; oneTimePassword: string },
  now: Date,
): Promise<UserRow> {
  const taken = findUserByName(session.db, input.name) !== null ||
    session.vault.folder.userNames().some((n) => n.toLowerCase() === input.name.toLowerCase());
  if (taken) throw new ConflictError(`A user named "${input.name}" already exists. Choose another name.`);
  assertStrongPassword(input.oneTimePassword, 'oneTimePassword', [input.name, session.vault.folder.header.company]);
  const id = randomUUID();
  // The unlocker (scrypt, header write) is slow and async; the row and its audit entry then commit together.
  await session.vault.setPasswordUnlocker({ userId: id, userName: input.name }, input.oneTimePassword);
  try {
    session.transaction(() => {
      insertUser(session.db, { id, name: input.name, role: input.role, mustChangePassword: true, createdAt: now.toISOString() });
      session.audit({ action: 'users.added', subject: input.name, details: { userId: id, role: input.role } });
    });
  } catch (error) {
    await session.vault.removeUnlocker(id);
    throw error;
  }
  return publicUser(getUser(session.db, id));
}

/**
 * Role change and disable/enable; the last active owner is protected.
 * Disabling also removes the user's unlocker, so the vault key is no longer
 * sealed to them (a copy of the folder stays closed to them, and the next key
 * rotation leaves them out). Re-enabling therefore needs a password reset.
 */
export function updateUser(session: PeopleSession, input: { id: string; role?: Role | undefined; disabled?: boolean | undefined }): UserRow {
  const row = changeUser(session, input);
  const hasUnlocker = session.vault.folder.header.unlockers.some((u) => u.kind === 'password' && u.userId === row.id);
  if (row.disabled && hasUnlocker) session.vault.removeUnlocker(row.id);
  return row;
}

function changeUser(session: PeopleSession, input: { id: string; role?: Role | undefined; disabled?: boolean | undefined }): UserRow {
  return session.transaction(() => {
    const before = getUser(session.db, input.id);
    if (input.role !== undefined && input.role !== before.role) {
      setUserRole(session.db, before.id, input.role);
      session.audit({ action: 'users.roleChanged', subject: before.name, details: { userId: before.id, from: before.role, to: input.role } });
    }
    if (input.disabled !== undefined && input.disabled !== before.disabled) {
      setUserDisabled(session.db, before.id, input.disabled);
      // Back from disabled: no unlocker is left, so only a reset lets them in.
      if (!input.disabled) setMustChangePassword(session.db, before.id, true);
      session.audit({ action: input.disabled ? 'users.disabled' : 'users.enabled', subject: before.name, details: { userId: before.id } });
    }
    if (countActiveOwners(session.db) === 0) {
      // Throwing rolls the transaction back, audit rows included.
      throw new ConflictError(
        'This is the last active owner. Make another user an owner first, so someone can still manage the vault.',
      );
    }
    if (before.id === session.userId && input.role !== undefined) session.setRole(input.role);
    return publicUser(getUser(session.db, before.id));
  });
}

/** A new one-time password; the user must change it at the next unlock. */
export async function resetPassword(session: PeopleSession, input: { id: string; oneTimePassword: string }): Promise<UserRow> {
  const user = getUser(session.db, input.id);
  if (user.id === session.userId) {
    throw new ForbiddenError('To change your own password, use "Change password"; it asks for your current one.');
  }
  assertStrongPassword(input.oneTimePassword, 'oneTimePassword', [user.name, session.vault.folder.header.company]);
  await session.vault.setPasswordUnlocker({ userId: user.id, userName: user.name }, input.oneTimePassword);
  session.transaction(() => {
    setMustChangePassword(session.db, user.id, true);
    session.audit({ action: 'users.passwordReset', subject: user.name, details: { userId: user.id } });
  });
  return publicUser(getUser(session.db, user.id));
}

/** Changes the session user's password once the current one has been proven by `verifyCurrent`. */
export async function changeOwnPassword(
  session: PeopleSession,
  input: { current: string; next: string },
  verifyCurrent: (password: string) => Promise<void>,
): Promise<void> {
  if (input.current === input.next) {
    throw new ValidationError('Choose a new password that differs from the current one.', { next: 'Same as the current password.' });
  }
  assertStrongPassword(input.next, 'next', [session.userName, session.vault.folder.header.company]);
  await verifyCurrent(input.current);
  await session.vault.setPasswordUnlocker({ userId: session.userId, userName: session.userName }, input.next);
  session.transaction(() => {
    setMustChangePassword(session.db, session.userId, false);
    session.audit({ action: 'session.passwordChanged', subject: session.userName });
  });
  session.markProof();
}
