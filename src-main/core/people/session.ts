import type Database from 'better-sqlite3-multiple-ciphers';
import type { SessionInfo } from '../../../src-shared/contract.js';
import type { Role } from '../../../src-shared/roles.js';
import type { ActiveSession, AuditEntry, LockReason } from '../app.js';
import { appendAudit, auditHead } from '../audit/chain.js';
import { findUserById } from './user-store.js';

/** What a session needs of an unlocked vault (vault.ts `UnlockedVault` has it). */
export interface SessionVault {
  readonly db: Database.Database;
  readonly keys: { readonly audit: Buffer };
  lock(): void;
}

/** What a session needs of the app (AppState has it). */
export interface SessionHost {
  now(): Date;
  lockSession(reason: LockReason): void;
}

export const DEFAULT_AUTO_LOCK_MINUTES = 15;

export function readAutoLockMinutes(db: Database.Database): number {
  const raw = db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'auto_lock_minutes'").get()?.value;
  const minutes = Number(raw);
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= 60 ? minutes : DEFAULT_AUTO_LOCK_MINUTES;
}

/**
 * One unlocked user on one open vault. Implements the dispatcher's
 * `ActiveSession`; the idle timer locks through `host.lockSession('idle')`
 * so every face hears about it.
 */
export class Session<V extends SessionVault = SessionVault> implements ActiveSession {
  private timer: NodeJS.Timeout | null = null;
  private ended = false;
  private proofAt: number;
  private autoLockMs: number;

  constructor(
    private readonly host: SessionHost,
    readonly vault: V,
    readonly userId: string,
    readonly userName: string,
    private currentRole: Role,
  ) {
    this.proofAt = host.now().getTime();
    this.autoLockMs = readAutoLockMinutes(vault.db) * 60_000;
    this.armTimer();
  }

  get role(): Role {
    return this.currentRole;
  }

  get db(): Database.Database {
    return this.vault.db;
  }

  get lastProofAt(): number {
    return this.proofAt;
  }

  /** After a password check (unlock, re-authentication, password change). */
  markProof(): void {
    this.proofAt = this.host.now().getTime();
    this.touch();
  }

  /** Picks up a role change made to this user by another owner. */
  setRole(role: Role): void {
    this.currentRole = role;
  }

  get autoLockMinutes(): number {
    return this.autoLockMs / 60_000;
  }

  setAutoLockMinutes(minutes: number): void {
    this.autoLockMs = minutes * 60_000;
    this.armTimer();
  }

  touch(): void {
    this.armTimer();
  }

  audit(entry: AuditEntry): void {
    appendAudit(this.vault.db, this.vault.keys.audit, { ...entry, actor: this.userName, at: this.host.now() });
  }

  auditHead(): number {
    return auditHead(this.vault.db);
  }

  transaction<T>(fn: () => T): T {
    return this.vault.db.transaction(fn)();
  }

  get mustChangePassword(): boolean {
    return findUserById(this.vault.db, this.userId)?.mustChangePassword ?? false;
  }

  info(): SessionInfo {
    const user = findUserById(this.vault.db, this.userId);
    return {
      user: this.userName,
      userId: this.userId,
      role: this.currentRole,
      mustChangePassword: user?.mustChangePassword ?? false,
      mfaEnrolled: (user?.mfaSecret ?? null) !== null,
      autoLockMinutes: this.autoLockMinutes,
    };
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // The vault closes the DB and overwrites its key buffers with zeros.
    this.vault.lock();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private armTimer(): void {
    if (this.ended) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.host.lockSession('idle');
    }, this.autoLockMs);
    // A pending auto-lock must not keep the CLI process alive.
    this.timer.unref();
  }
}
