// Starts a TypeScript worker when running from the sources (tests, `txp` from a checkout):
// tsx's loader is registered in this thread, then the worker module is imported.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
