import { describe, expect, it } from 'vitest';
import { snapshotsToKeep } from '../../../src-main/core/backups/retention.js';

const day = (n: number, hour = 12): string => new Date(Date.UTC(2026, 0, 1 + n, hour)).toISOString();

describe('snapshot retention: 7 daily, 4 weekly, 12 monthly, 10 yearly', () => {
  it('keeps every snapshot of the last day and the newest of each earlier day up to seven', () => {
    const times = [day(0, 1), day(0, 2), day(1), day(2), day(3), day(4), day(5), day(6), day(7), day(8), day(8, 13), day(8, 14)];
    const keep = snapshotsToKeep(times);
    // All three of the last day (8); the newest of days 2..7 (seven days with day 8). Weeks, month and
    // year add nothing: their newest (day 3 closes ISO week 1 of 2026; day 8 the rest) are already kept.
    expect([...keep].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('over three years of daily snapshots keeps 7 + weekly + monthly + yearly, not more', () => {
    const times = Array.from({ length: 3 * 365 }, (_, i) => day(i));
    const keep = snapshotsToKeep(times);
    expect(keep.size).toBeGreaterThanOrEqual(12 + 3);
    expect(keep.size).toBeLessThanOrEqual(7 + 4 + 12 + 3);
    expect(keep.has(times.length - 1)).toBe(true);
    // The newest snapshot of the first year survives as that year's keeper.
    expect(keep.has(364)).toBe(true);
  });

  it('keeps a lone snapshot', () => {
    expect([...snapshotsToKeep([day(0)])]).toEqual([0]);
  });
});
