import { z } from 'zod';

/**
 * Failed-unlock counting (DESIGN §3), kept in the public header so it
 * survives restarts and works while the DB is still locked. Holds names,
 * counters and times only: nothing secret.
 */
export const LOCKOUT_THRESHOLD = 5;
const FIRST_LOCKOUT_MS = 60_000;
const MAX_LOCKOUT_MS = 60 * 60_000;
/** The header must stay small even under a flood of attempts. */
const MAX_PENDING = 200;

/** Failures against the recovery key are counted under this name (no user has it: names never start with '#'). */
export const RECOVERY_SUBJECT = '#recovery';

const pendingSchema = z.object({
  at: z.string(),
  user: z.string(),
  action: z.enum(['session.failed', 'session.lockedOut', 'session.refusedWhileLockedOut']),
  retryAt: z.string().optional(),
  failures: z.number().int().optional(),
});
export type PendingEvent = z.infer<typeof pendingSchema>;

const lockoutSchema = z.object({
  users: z.record(z.string(), z.object({ failures: z.number().int().min(0), lockedUntil: z.string().optional() })).default({}),
  pending: z.array(pendingSchema).default([]),
  /** Events that did not fit; the next unlock logs how many. */
  dropped: z.number().int().min(0).default(0),
  /** Hint for the unlock screen: these users are asked for a code. The DB stays authoritative. */
  mfa: z.array(z.string()).default([]),
});
export type LockoutState = z.infer<typeof lockoutSchema>;

/** A damaged lockout section never blocks unlocking; it starts over (and the DB check still applies). */
export function readLockout(raw: Record<string, unknown>): LockoutState {
  const parsed = lockoutSchema.safeParse(raw);
  return parsed.success ? parsed.data : lockoutSchema.parse({});
}

/** 5 failures: 1 min; each further failure doubles it, capped at 1 h. */
export function lockoutDurationMs(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  const exponent = Math.min(failures - LOCKOUT_THRESHOLD, 10);
  return Math.min(FIRST_LOCKOUT_MS * 2 ** exponent, MAX_LOCKOUT_MS);
}

/** When `user` may try again, or null if not locked out now. */
export function lockedUntil(state: LockoutState, user: string, now: Date): Date | null {
  const until = state.users[user]?.lockedUntil;
  if (until === undefined) return null;
  const at = new Date(until);
  return at.getTime() > now.getTime() ? at : null;
}

function pushPending(state: LockoutState, event: PendingEvent): LockoutState {
  const pending = [...state.pending, event];
  const overflow = Math.max(0, pending.length - MAX_PENDING);
  return { ...state, pending: pending.slice(overflow), dropped: state.dropped + overflow };
}

/** Counts one failure; returns the new state and the lockout end if this failure started one. */
export function recordFailure(state: LockoutState, user: string, now: Date): { state: LockoutState; retryAt: Date | null } {
  const failures = (state.users[user]?.failures ?? 0) + 1;
  const duration = lockoutDurationMs(failures);
  const retryAt = duration > 0 ? new Date(now.getTime() + duration) : null;
  let next: LockoutState = {
    ...state,
    users: { ...state.users, [user]: { failures, ...(retryAt ? { lockedUntil: retryAt.toISOString() } : {}) } },
  };
  next = pushPending(next, { at: now.toISOString(), user, action: 'session.failed', failures });
  if (retryAt) next = pushPending(next, { at: now.toISOString(), user, action: 'session.lockedOut', retryAt: retryAt.toISOString(), failures });
  return { state: next, retryAt };
}

/** An attempt refused without checking the password because of a running lockout. */
export function recordRefused(state: LockoutState, user: string, now: Date, retryAt: Date): LockoutState {
  return pushPending(state, { at: now.toISOString(), user, action: 'session.refusedWhileLockedOut', retryAt: retryAt.toISOString() });
}

/** After a success: the user's counter resets; the pending events are handed over to the audit log. */
export function clearAfterSuccess(state: LockoutState, user: string): { state: LockoutState; pending: PendingEvent[]; dropped: number } {
  return { state: { ...resetFailures(state, user), pending: [], dropped: 0 }, pending: state.pending, dropped: state.dropped };
}

/** Forgets `user`'s failure count (after a successful password proof). */
export function resetFailures(state: LockoutState, user: string): LockoutState {
  return { ...state, users: Object.fromEntries(Object.entries(state.users).filter(([name]) => name !== user)) };
}

export function setMfaHint(state: LockoutState, user: string, enrolled: boolean): LockoutState {
  const others = state.mfa.filter((name) => name !== user);
  return { ...state, mfa: enrolled ? [...others, user] : others };
}

export function attemptsLeft(state: LockoutState, user: string): number {
  return Math.max(0, LOCKOUT_THRESHOLD - (state.users[user]?.failures ?? 0));
}
