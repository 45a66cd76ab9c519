/**
 * Events pushed from main to the renderer. Long work (imports, backups,
 * recurring runs, audit verification) runs as jobs that report progress.
 */
export interface ItemError {
  /** The item that failed (file name, row number ...). */
  readonly item: string;
  readonly message: string;
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobSummary {
  readonly jobId: string;
  /** Translation key of the job's title, e.g. `jobs.auditVerify`. */
  readonly kind: string;
  readonly state: JobState;
  readonly done: number;
  readonly total: number;
  readonly current?: string;
  readonly errors: readonly ItemError[];
  readonly cancellable: boolean;
}

export interface EventMap {
  /** A job started, advanced, failed, was cancelled or finished. */
  'job.progress': JobSummary;
  /** The session ended: locked by the user, idle timeout, suspend or screen lock. */
  'session.locked': { readonly reason: 'user' | 'idle' | 'suspend' | 'screen-lock' };
}

export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = ['job.progress', 'session.locked'];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** The renderer's whole view of main (exposed as `window.sealbook`). */
export interface SealbookBridge {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void;
  /**
   * Electron only: the path on disk of a dropped or picked File (webUtils.getPathForFile),
   * '' when it has none. Absent in the browser host, where files are uploaded.
   */
  pathForFile?(file: unknown): string;
}
