/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) in UTC, so no time zone or
 * daylight-saving shift can move a due date or a recurring period.
 */
export function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The date `months` after `anchor`, keeping the anchor's day of month and
 * clamping to the month's last day (Jan 31 + 1 month = Feb 28/29, + 2 = Mar 31).
 * Always counted from the anchor, never from the previous clamped date, so
 * a 31st does not drift to the 28th for the rest of the year.
 */
export function addMonthsClamped(anchor: string, months: number): string {
  const year = Number(anchor.slice(0, 4));
  const month = Number(anchor.slice(5, 7)) - 1;
  const day = Number(anchor.slice(8, 10));
  const total = year * 12 + month + months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = total % 12;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}
