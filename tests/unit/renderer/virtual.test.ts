import { describe, expect, it } from 'vitest';
import { pagesFor, visibleRange } from '../../../src-renderer/lib/virtual.js';

describe('virtual list window', () => {
  it('renders one screenful plus overscan, whatever the total', () => {
    const range = visibleRange(0, 720, 36, 100_000, 8);
    expect(range).toEqual({ start: 0, end: 28 });
    const deep = visibleRange(36 * 50_000, 720, 36, 100_000, 8);
    expect(deep).toEqual({ start: 49_992, end: 50_028 });
    expect(deep.end - deep.start).toBeLessThan(60);
  });

  it('clamps at the end and on an empty list', () => {
    expect(visibleRange(36 * 100_000, 720, 36, 100_000, 8)).toEqual({ start: 99_992, end: 100_000 });
    expect(visibleRange(0, 720, 36, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(-50, 720, 36, 5, 8)).toEqual({ start: 0, end: 5 });
  });

  it('asks for only the pages that cover the window', () => {
    expect(pagesFor({ start: 0, end: 28 }, 200)).toEqual([0]);
    expect(pagesFor({ start: 190, end: 230 }, 200)).toEqual([0, 1]);
    expect(pagesFor({ start: 200, end: 200 }, 200)).toEqual([]);
    expect(pagesFor({ start: 99_992, end: 100_000 }, 200)).toEqual([499]);
  });
});
