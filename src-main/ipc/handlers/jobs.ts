import { NotFoundError } from '../../core/errors.js';
import type { HandlerMap } from '../handlers.js';

export const jobHandlers: HandlerMap<'jobs.list' | 'jobs.cancel'> = {
  'jobs.list': (_input, { app }) => app.jobs.list(),
  'jobs.cancel': ({ jobId }, { app }) => {
    if (!app.jobs.cancel(jobId)) throw new NotFoundError('That job has already finished or cannot be cancelled.');
    return null;
  },
};
