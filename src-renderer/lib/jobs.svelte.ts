import type { JobSummary } from '../../src-shared/events.js';
import { call, on } from './api.js';

export const jobs = $state<JobSummary[]>([]);

function upsert(summary: JobSummary): void {
  const index = jobs.findIndex((job) => job.jobId === summary.jobId);
  if (index >= 0) jobs[index] = summary;
  else jobs.push(summary);
}

/** Finished jobs leave the tray after a moment; failures stay until dismissed. */
function scheduleRemoval(summary: JobSummary): void {
  if (summary.state === 'done' || summary.state === 'cancelled') {
    setTimeout(() => dismissJob(summary.jobId), 6000);
  }
}

export function dismissJob(jobId: string): void {
  const index = jobs.findIndex((job) => job.jobId === jobId);
  if (index >= 0) jobs.splice(index, 1);
}

/** Seeds from `jobs.list` and follows `job.progress`; returns the unsubscribe. */
export function trackJobs(): () => void {
  const off = on('job.progress', (summary) => {
    upsert(summary);
    scheduleRemoval(summary);
  });
  void call('jobs.list', {}).then((result) => {
    if (!result.ok) return;
    for (const summary of result.value) {
      if (!jobs.some((job) => job.jobId === summary.jobId)) jobs.push(summary);
    }
  });
  return off;
}

export function clearJobs(): void {
  jobs.splice(0, jobs.length);
}
