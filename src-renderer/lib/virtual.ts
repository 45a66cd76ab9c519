/**
 * Window maths for the virtualised audit list: which rows to render and
 * which pages to fetch, so 100,000 rows cost what one screenful costs.
 */
export interface VisibleRange {
  /** First row index rendered (inclusive). */
  readonly start: number;
  /** Last row index rendered (exclusive). */
  readonly end: number;
}

export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): VisibleRange {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight);
  const start = Math.max(0, Math.min(total - 1, first - overscan));
  const end = Math.min(total, first + count + overscan);
  return { start, end: Math.max(start, end) };
}

/** Page numbers (of `pageSize` rows) that cover the range. */
export function pagesFor(range: VisibleRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(range.start / pageSize); page <= Math.floor((range.end - 1) / pageSize); page++) pages.push(page);
  return pages;
}
