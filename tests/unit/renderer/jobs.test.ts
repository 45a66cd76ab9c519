import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobSummary } from '../../../src-shared/events.js';
import { AUTO_DISMISS_MS, MAX_PANELS, clearJobs, dismissJob, jobs, receiveJob, trayLayout } from '../../../src-renderer/lib/jobs.svelte.js';

// The bridge is not under test here (and reads navigator on import).
vi.mock('../../../src-renderer/lib/api.js', () => ({ call: vi.fn(), on: vi.fn() }));

const job = (jobId: string, state: JobSummary['state'], errors: JobSummary['errors'] = []): JobSummary => ({
  jobId,
  kind: 'jobs.auditVerify',
  state,
  done: state === 'running' ? 1 : 2,
  total: 2,
  errors,
  cancellable: true,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  clearJobs();
  vi.useRealTimers();
});

describe('jobs tray', () => {
  it('lets done and cancelled jobs leave on their own after a few seconds', () => {
    receiveJob(job('a', 'running'));
    receiveJob(job('b', 'running'));
    vi.advanceTimersByTime(AUTO_DISMISS_MS * 2);
    expect(jobs.map((j) => j.jobId)).toEqual(['a', 'b']);
    receiveJob(job('a', 'done'));
    receiveJob(job('b', 'cancelled'));
    vi.advanceTimersByTime(AUTO_DISMISS_MS - 100);
    expect(jobs).toHaveLength(2);
    vi.advanceTimersByTime(200);
    expect(jobs).toHaveLength(0);
  });

  it('keeps failed jobs and jobs with per-item errors until dismissed', () => {
    receiveJob(job('failed', 'failed'));
    receiveJob(job('partial', 'done', [{ item: 'scan-12.pdf', message: 'password-protected' }]));
    vi.advanceTimersByTime(AUTO_DISMISS_MS * 10);
    expect(jobs.map((j) => j.jobId)).toEqual(['failed', 'partial']);
    dismissJob('failed');
    expect(jobs.map((j) => j.jobId)).toEqual(['partial']);
  });

  it('folds older panels into "N more"', () => {
    const all = ['1', '2', '3', '4', '5'].map((id) => job(id, 'running'));
    const folded = trayLayout(all, false);
    expect(folded.shown.map((j) => j.jobId)).toEqual(['3', '4', '5']);
    expect(folded.hidden).toBe(all.length - MAX_PANELS);
    expect(trayLayout(all, true)).toEqual({ shown: all, hidden: 0 });
    expect(trayLayout(all.slice(0, MAX_PANELS), false).hidden).toBe(0);
  });
});
