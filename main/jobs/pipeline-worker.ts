/**
 * The worker thread that runs parsing and checking, so that the main process's event loop
 * never blocks (DESIGN.md §2). It runs one task, posts progress, then its result or error.
 * Cancelling terminates the thread, which stops it at once whatever it is doing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toTxpError } from '../../shared/txp-error';
import { damagedFiles } from '../config/config-file';
import { runCheckTask, runReportTask, runInspectTask, runLoadTask, runPreviewTask, runResultsTask, runSendTask, type PipelineTask, type TaskProgress } from './pipeline-tasks';

const port = parentPort;
if (!port) throw new Error('pipeline-worker must run in a worker thread');
// A spare worker is started ahead of need (its start-up is most of a small task's time) and
// gets its task as its first message.
const task =
  (workerData as { kind: string }).kind === 'spare'
    ? await new Promise<PipelineTask>((resolve) => port.once('message', (message: { type: 'task'; task: PipelineTask }) => resolve(message.task)))
    : (workerData as PipelineTask);

let lastProgress = 0;
const progress = (p: TaskProgress): void => {
  const now = Date.now();
  if (now - lastProgress < 100 && p.done !== p.total) return;
  lastProgress = now;
  port.postMessage({ type: 'progress', ...p });
};
// A 'cancel' message stops the task gracefully (an upload removes its .part); main terminates the thread if it lingers.
const controller = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'cancel') controller.abort();
});
try {
  const value =
    task.kind === 'inspect'
      ? await runInspectTask(task)
      : task.kind === 'preview'
        ? await runPreviewTask(task)
        : task.kind === 'check'
          ? await runCheckTask(task, (rowsRead) => progress({ phase: 'check', done: rowsRead, total: null }), controller.signal)
          : task.kind === 'report'
            ? await runReportTask(task, (rowsRead) => progress({ phase: 'check', done: rowsRead, total: null }), controller.signal)
            : task.kind === 'send'
              ? await runSendTask(task, progress, controller.signal)
              : task.kind === 'load'
                ? await runLoadTask(task, (rows) => port.postMessage({ type: 'rows', rows }), progress, controller.signal)
                : await runResultsTask(task, progress, controller.signal);
  port.postMessage({ type: 'notices', notices: damagedFiles.take() });
  port.postMessage({ type: 'result', value });
} catch (error) {
  port.postMessage({ type: 'notices', notices: damagedFiles.take() });
  port.postMessage({ type: 'error', error: toTxpError(error).toData() });
}
