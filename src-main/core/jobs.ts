import { randomUUID } from 'node:crypto';
import type { ItemError, JobState, JobSummary } from '../../src-shared/events.js';
import type { EventBus } from './events.js';

export interface JobHandle {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** Report progress; `current` names the item being worked on. */
  progress(done: number, current?: string): void;
  /** Record a per-item failure; the job goes on with the next item. */
  itemFailed(item: string, message: string): void;
}

interface JobRecord {
  summary: JobSummary;
  controller: AbortController;
}

const KEEP_FINISHED = 20;

/**
 * Long work runs as jobs (DESIGN §6): progress events, per-item errors and
 * cancel. Finished jobs stay listed for a while so the tray can show them.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(private readonly events: EventBus) {}

  start<T>(
    kind: string,
    total: number,
    run: (job: JobHandle) => Promise<T>,
    options: { cancellable?: boolean } = {},
  ): { jobId: string; result: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const record: JobRecord = {
      controller,
      summary: { jobId, kind, state: 'running', done: 0, total, errors: [], cancellable: options.cancellable ?? true },
    };
    this.jobs.set(jobId, record);
    this.publish(record);

    const update = (patch: Partial<JobSummary>): void => {
      record.summary = { ...record.summary, ...patch };
      this.publish(record);
    };
    const handle: JobHandle = {
      jobId,
      signal: controller.signal,
      progress: (done, current) => update({ done, ...(current === undefined ? {} : { current }) }),
      itemFailed: (item, message) => {
        const errors: ItemError[] = [...record.summary.errors, { item, message }];
        update({ errors });
      },
    };
    const finish = (state: JobState): void => {
      update({ state, cancellable: false });
      this.prune();
    };
    const result = run(handle).then(
      (value) => {
        finish(controller.signal.aborted ? 'cancelled' : 'done');
        return value;
      },
      (error: unknown) => {
        finish(controller.signal.aborted ? 'cancelled' : 'failed');
        throw error;
      },
    );
    return { jobId, result };
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((record) => record.summary);
  }

  /** Returns false when no running, cancellable job has this id. */
  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId);
    if (!record || record.summary.state !== 'running' || !record.summary.cancellable) return false;
    record.controller.abort();
    return true;
  }

  private publish(record: JobRecord): void {
    this.events.emit('job.progress', record.summary);
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((r) => r.summary.state !== 'running');
    for (const record of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(record.summary.jobId);
    }
  }
}
