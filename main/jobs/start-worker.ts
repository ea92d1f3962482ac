/**
 * Starts one of the pipeline's worker threads. From the sources (tests, `txp` from a
 * checkout) the .ts module goes through a bootstrap that registers tsx; a build has plain
 * .js entries in out/main/ (see electron.vite.config.ts), unpacked from the asar.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { packageRoot } from '../package-root';

export type WorkerName = 'pipeline-worker';

export function startWorker(name: WorkerName, data: object, options: WorkerOptions = {}): Worker {
  const here = import.meta.url;
  // TXP_BUILT_WORKERS=1 runs the bundled workers even from the sources, as the app does (for `npm run bench`).
  if (here.endsWith('.ts') && process.env['TXP_BUILT_WORKERS'] !== '1') {
    const entry = new URL(`./${name}.ts`, here).href;
    return new Worker(new URL('./worker-bootstrap.mjs', here), { ...options, workerData: { ...data, __entry: entry } });
  }
  const root = packageRoot(fileURLToPath(here)).replace(/app\.asar$/, 'app.asar.unpacked');
  return new Worker(join(root, 'out', 'main', `${name}.js`), { ...options, workerData: data });
}
