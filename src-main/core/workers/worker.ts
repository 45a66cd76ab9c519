import { parentPort } from 'node:worker_threads';
import { TASK_RUNNERS } from './tasks.js';
import type { TaskName } from './tasks.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';
import { transferablesOf } from './protocol.js';

/** One pool thread: runs one task at a time, as the pool sends them. */
const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread.');

const loaded = new Map<TaskName, (input: never) => Promise<unknown>>();

async function runnerFor(name: TaskName): Promise<(input: never) => Promise<unknown>> {
  let runner = loaded.get(name);
  if (!runner) {
    runner = await TASK_RUNNERS[name]();
    loaded.set(name, runner);
  }
  return runner;
}

port.on('message', (request: WorkerRequest) => {
  void (async () => {
    let reply: WorkerReply;
    try {
      const runner = await runnerFor(request.task);
      const value = await runner(request.input as never);
      reply = { id: request.id, ok: true, value };
    } catch (error) {
      reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply, reply.ok ? transferablesOf(reply.value) : []);
  })();
});
