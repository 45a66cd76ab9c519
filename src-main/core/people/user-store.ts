import type Database from 'better-sqlite3-multiple-ciphers';
import type { UserRow } from '../../../src-shared/contract.js';
import type { Role } from '../../../src-shared/roles.js';
import { ROLES } from '../../../src-shared/roles.js';
import { NotFoundError } from '../errors.js';

interface DbUser {
  id: string;
  name: string;
  role: string;
  disabled: number;
  must_change_password: number;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_last_step: number | null;
  created_at: string;
  last_login_at: string | null;
}

/** A user as the services see it (secrets included: never send it across IPC). */
export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly mfaSecret: string | null;
  readonly mfaPendingSecret: string | null;
  readonly mfaLastStep: number | null;
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

function toRole(value: string): Role {
  const role = ROLES.find((r) => r === value);
  if (!role) throw new Error(`Unknown role in the users table: ${value}`);
  return role;
}

function toRecord(row: DbUser): UserRecord {
  return {
    id: row.id,
    name: row.name,
    role: toRole(row.role),
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    mfaSecret: row.mfa_secret,
    mfaPendingSecret: row.mfa_pending_secret,
    mfaLastStep: row.mfa_last_step,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/** What crosses IPC: no secrets. */
export function publicUser(user: UserRecord): UserRow {
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    mfaEnrolled: user.mfaSecret !== null,
    createdAt: user.createdAt,
  };
}

export function findUserById(db: Database.Database, id: string): UserRecord | null {
  const row = db.prepare<[string], DbUser>('SELECT * FROM users WHERE id = ?').get(id);
  return row ? toRecord(row) : null;
}

export function getUser(db: Database.Database, id: string): UserRecord {
  const user = findUserById(db, id);
  if (!user) throw new NotFoundError('That user does not exist (any more). Reload the list of users.');
  return user;
}

export function findUserByName(db: Database.Database, name: string): UserRecord | null {
  const row = db.prepare<[string], DbUser>('SELECT * FROM users WHERE name = ?').get(name);
  return row ? toRecord(row) : null;
}

export function listUserRecords(db: Database.Database): UserRecord[] {
  return db.prepare<[], DbUser>('SELECT * FROM users ORDER BY name').all().map(toRecord);
}

export function insertUser(
  db: Database.Database,
  user: { id: string; name: string; role: Role; mustChangePassword: boolean; createdAt: string },
): void {
  db.prepare<[string, string, string, number, string]>(
    'INSERT INTO users (id, name, role, must_change_password, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(user.id, user.name, user.role, user.mustChangePassword ? 1 : 0, user.createdAt);
}

export function setUserRole(db: Database.Database, id: string, role: Role): void {
  db.prepare<[string, string]>('UPDATE users SET role = ? WHERE id = ?').run(role, id);
}

export function setUserDisabled(db: Database.Database, id: string, disabled: boolean): void {
  db.prepare<[number, string]>('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
}

export function setMustChangePassword(db: Database.Database, id: string, value: boolean): void {
  db.prepare<[number, string]>('UPDATE users SET must_change_password = ? WHERE id = ?').run(value ? 1 : 0, id);
}

export function setLastLogin(db: Database.Database, id: string, at: string): void {
  db.prepare<[string, string]>('UPDATE users SET last_login_at = ? WHERE id = ?').run(at, id);
}

export function countActiveOwners(db: Database.Database): number {
  return (
    db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'owner' AND disabled = 0").get()?.n ?? 0
  );
}
