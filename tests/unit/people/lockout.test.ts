import { describe, expect, it } from 'vitest';
import {
  clearAfterSuccess,
  lockedUntil,
  lockoutDurationMs,
  readLockout,
  recordFailure,
  recordRefused,
} from '../../../src-main/core/people/lockout.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

describe('lockout schedule', () => {
  it('starts at the 5th failure with 1 min and doubles to a 1 h cap', () => {
    expect([1, 2, 3, 4].map(lockoutDurationMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 12, 40].map((n) => lockoutDurationMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('counts per user, locks, refuses, and hands the events over once', () => {
    let state = readLockout({});
    for (let i = 0; i < 4; i += 1) {
      const r = recordFailure(state, 'anna', at(i * 1000));
      expect(r.retryAt).toBeNull();
      state = r.state;
    }
    const fifth = recordFailure(state, 'anna', at(10_000));
    expect(fifth.retryAt).toEqual(at(70_000));
    state = fifth.state;
    expect(lockedUntil(state, 'anna', at(69_999))).toEqual(at(70_000));
    expect(lockedUntil(state, 'anna', at(70_000))).toBeNull();
    expect(lockedUntil(state, 'bob', at(20_000))).toBeNull();
    state = recordRefused(state, 'anna', at(20_000), at(70_000));

    // The header round-trips through JSON.
    state = readLockout(JSON.parse(JSON.stringify(state)) as Record<string, unknown>);
    expect(state.pending.map((e) => e.action)).toEqual([
      'session.failed',
      'session.failed',
      'session.failed',
      'session.failed',
      'session.failed',
      'session.lockedOut',
      'session.refusedWhileLockedOut',
    ]);
    const cleared = clearAfterSuccess(state, 'anna');
    expect(cleared.pending).toHaveLength(7);
    expect(cleared.state.pending).toEqual([]);
    expect(cleared.state.users.anna).toBeUndefined();
  });

  it('keeps the header bounded under a flood, counting what was dropped', () => {
    let state = readLockout({});
    for (let i = 0; i < 500; i += 1) state = recordRefused(state, 'anna', at(i), at(60_000));
    expect(state.pending.length).toBe(200);
    expect(state.dropped).toBe(300);
    expect(state.pending.at(-1)?.at).toBe(at(499).toISOString());
  });

  it('treats a damaged section as empty instead of blocking unlock', () => {
    expect(readLockout({ users: 'garbage' }).users).toEqual({});
  });
});
