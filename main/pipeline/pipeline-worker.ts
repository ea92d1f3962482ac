/**
 * The worker thread that runs parsing and checking, so that the main process's event loop
 * never blocks (DESIGN.md §2). It runs one task, posts progress, then its result or error.
 * Cancelling terminates the thread, which stops it at once whatever it is doing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toTxpError } from '../../shared/txp-error';
import { runCheckTask, runInspectTask, type PipelineTask } from './pipeline-tasks';

const task = workerData as PipelineTask;
const port = parentPort;
if (!port) throw new Error('pipeline-worker must run in a worker thread');

let lastProgress = 0;
try {
  const value =
    task.kind === 'inspect'
      ? await runInspectTask(task)
      : await runCheckTask(task, (rowsRead) => {
          const now = Date.now();
          if (now - lastProgress >= 100) {
            lastProgress = now;
            port.postMessage({ type: 'progress', done: rowsRead });
          }
        });
  port.postMessage({ type: 'result', value });
} catch (error) {
  port.postMessage({ type: 'error', error: toTxpError(error).toData() });
}
