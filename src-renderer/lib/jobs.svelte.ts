import type { JobSummary } from '../../src-shared/events.js';
import { call, on } from './api.js';

export const jobs = $state<JobSummary[]>([]);

/** How long a finished job stays in the tray, so its "Done" can be read. */
export const AUTO_DISMISS_MS = 6000;
/** Panels shown at once; older ones fold into "N more". */
export const MAX_PANELS = 3;

// Timers are bookkeeping, not UI state: a plain Map on purpose.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const timers = new Map<string, ReturnType<typeof setTimeout>>();

/** Done or cancelled without a per-item error: nothing left to read or act on. Failures wait for the user. */
export function leavesOnItsOwn(job: JobSummary): boolean {
  return (job.state === 'done' || job.state === 'cancelled') && job.errors.length === 0;
}

/** The newest panels first in view; the rest are counted. */
export function trayLayout(all: readonly JobSummary[], expanded: boolean): { shown: readonly JobSummary[]; hidden: number } {
  if (expanded || all.length <= MAX_PANELS) return { shown: all, hidden: 0 };
  return { shown: all.slice(-MAX_PANELS), hidden: all.length - MAX_PANELS };
}

function scheduleRemoval(job: JobSummary): void {
  clearTimeout(timers.get(job.jobId));
  timers.delete(job.jobId);
  if (!leavesOnItsOwn(job)) return;
  timers.set(
    job.jobId,
    setTimeout(() => dismissJob(job.jobId), AUTO_DISMISS_MS),
  );
}

/** One `job.progress` event (or a `jobs.list` entry): shown, then left or removed. */
export function receiveJob(summary: JobSummary): void {
  const index = jobs.findIndex((job) => job.jobId === summary.jobId);
  if (index >= 0) jobs[index] = summary;
  else jobs.push(summary);
  scheduleRemoval(summary);
}

export function dismissJob(jobId: string): void {
  clearTimeout(timers.get(jobId));
  timers.delete(jobId);
  const index = jobs.findIndex((job) => job.jobId === jobId);
  if (index >= 0) jobs.splice(index, 1);
}

/** Seeds from `jobs.list` and follows `job.progress`; returns the unsubscribe. */
export function trackJobs(): () => void {
  const off = on('job.progress', receiveJob);
  void call('jobs.list', {}).then((result) => {
    if (!result.ok) return;
    for (const summary of result.value) {
      // An event may have come first and is newer.
      if (!jobs.some((job) => job.jobId === summary.jobId)) receiveJob(summary);
    }
  });
  return off;
}

export function clearJobs(): void {
  for (const timer of timers.values()) clearTimeout(timer);
  timers.clear();
  jobs.splice(0, jobs.length);
}
