/**
 * The pipeline through the API handlers, as the app calls it: work runs in a real worker
 * thread, progress arrives as events, and a cancel stops it within a second.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../main/api/api-handlers';
import { createApiHandlers } from '../../../main/api/create-api-handlers';
import { dispatchRequest } from '../../../main/api/dispatch';
import { PipelineRunner } from '../../../main/jobs/pipeline-runner';
import { testApiDeps } from '../../support/api-deps';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

const fixtures = new FixtureDir();
const deps = testApiDeps();
const handlers = createApiHandlers(deps);
afterAll(async () => {
  await deps.pipeline.cancelAll();
  fixtures.remove();
});

function context(events: unknown[] = []): HandlerContext {
  return { emit: (name, payload) => events.push({ name, payload }), signal: new AbortController().signal };
}

function bigCsv(rows: number): string {
  const lines = ['Name,Mobile,Group'];
  for (let i = 0; i < rows; i++) lines.push(`Person ${i},(212) 555-${String(i % 10000).padStart(4, '0')},G${i % 5}`);
  return fixtures.text(`big-${rows}.csv`, lines.join('\n') + '\n');
}

describe('pipeline over the API', () => {
  it('inspects a file in a worker', async () => {
    const path = fixtures.text('small.csv', 'Name,Cell,Group\nAnn,212-555-0125,Gold\n');
    const envelope = await dispatchRequest(handlers, 'table.inspect', { path }, context());
    expect(envelope).toMatchObject({
      ok: true,
      value: {
        file: 'small.csv',
        headerRow: 1,
        suggestion: { mode: 'alp', phone: [{ index: 1, header: 'Cell' }], tags: [{ index: 2, header: 'Group' }] },
        preview: [
          ['Name', 'Cell', 'Group'],
          ['Ann', '212-555-0125', 'Gold'],
        ],
      },
    });
  });

  it('checks a file with progress events', async () => {
    const events: { name: string; payload: { taskId: string; done: number } }[] = [];
    const envelope = await dispatchRequest(handlers, 'list.check', { taskId: 'check-1', path: bigCsv(60_000), request: {} }, context(events));
    expect(envelope).toMatchObject({ ok: true, value: { summary: { rows: 60_000, numbers: 60_000, valid: 60_000, duplicates: 50_000 } } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.name === 'progress' && e.payload.taskId === 'check-1')).toBe(true);
  });

  it('cancels a running check: it stops before the end of the file', async () => {
    const path = bigCsv(400_000);
    const events: unknown[] = [];
    const running = dispatchRequest(handlers, 'list.check', { taskId: 'check-2', path, request: {} }, context(events));
    const started = Date.now();
    while (events.length === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
    expect(events.length).toBeGreaterThan(0);
    const cancelAt = Date.now();
    expect(await dispatchRequest(handlers, 'task.cancel', { taskId: 'check-2' }, context())).toEqual({ ok: true, value: { canceled: true } });
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELED' } });
    // What a cancel must do is stop the work, not be fast on a busy machine (speed is for benchmarks):
    // the rows it had read are fewer than the file holds, and no progress comes after the cancel.
    const rowsRead = (events as { payload: { done: number } }[]).map((e) => e.payload.done);
    expect(Math.max(...rowsRead)).toBeLessThan(400_000);
    const seen = events.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(events.length).toBe(seen);
    expect(Date.now() - cancelAt).toBeLessThan(15_000); // a bound on a hang only
  });

  it('reports a bad file as an INPUT error naming it', async () => {
    const envelope = await dispatchRequest(handlers, 'list.check', { taskId: 'check-3', path: fixtures.text('empty.csv', ''), request: {} }, context());
    expect(envelope).toEqual({ ok: false, error: { code: 'INPUT', message: 'empty.csv is empty.' } });
  });

  it('loads every row for the grid, serving windows while it still reads and after', async () => {
    const path = bigCsv(200_000);
    const seenWhileLoading: number[] = [];
    const loading = dispatchRequest(
      handlers,
      'table.load',
      { taskId: 'load-1', path },
      {
        emit: () => {
          // On each progress event, ask for a window the way the grid does.
          void dispatchRequest(handlers, 'table.rows', { path, start: 0, count: 3 }, context()).then((answer) => {
            if (answer.ok) seenWhileLoading.push((answer.value as { loaded: number }).loaded);
          });
        },
        signal: new AbortController().signal,
      },
    );
    expect(await loading).toMatchObject({ ok: true, value: { rows: 200_001, columns: 3 } });
    expect(seenWhileLoading.some((loaded) => loaded > 0 && loaded < 200_001)).toBe(true);
    const last = await dispatchRequest(handlers, 'table.rows', { path, start: 199_999, count: 5 }, context());
    expect(last).toMatchObject({
      ok: true,
      value: {
        start: 199_999,
        loaded: 200_001,
        complete: true,
        rows: [
          ['Person 199998', '(212) 555-9998', 'G3'],
          ['Person 199999', '(212) 555-9999', 'G4'],
        ],
      },
    });
    // Another file replaces it; the old one is no longer served.
    const other = fixtures.text('other.csv', 'A,B\n1,2\n');
    await dispatchRequest(handlers, 'table.load', { taskId: 'load-2', path: other }, context());
    expect(await dispatchRequest(handlers, 'table.rows', { path, start: 0, count: 1 }, context())).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });

  it('keeps settings in the config folder, with defaults until saved', async () => {
    expect(await dispatchRequest(handlers, 'settings.get', undefined, context())).toEqual({
      ok: true,
      value: { country: 'US', phoneFormat: 'national', resultsTimeoutMinutes: 30, activeAccount: null, keywords: {} },
    });
    const saved = { country: 'CA', phoneFormat: 'e164', resultsTimeoutMinutes: 45, activeAccount: 'Office', keywords: { 'Office\n': 'ALERTS' } };
    expect(await dispatchRequest(handlers, 'settings.save', saved, context())).toEqual({ ok: true, value: saved });
    expect(await dispatchRequest(createApiHandlers(deps), 'settings.get', undefined, context())).toEqual({ ok: true, value: saved });
    expect(await dispatchRequest(handlers, 'settings.save', { ...saved, country: 'Canada' }, context())).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('keeps a spare worker ready for the next task, and stops it with the rest', async () => {
    const runner = new PipelineRunner({ keepSpare: true });
    const path = fixtures.text('spare.csv', 'Name,Cell\nAnn,212-555-0125\n');
    try {
      for (let i = 0; i < 3; i++) expect(await runner.inspect({ path })).toMatchObject({ file: 'spare.csv', suggestion: { phone: [{ index: 1, header: 'Cell' }] } });
      await expect(runner.check('spare-check', { path, request: {}, configDir: deps.configDir }, () => undefined)).resolves.toMatchObject({ summary: { valid: 1 } });
    } finally {
      await runner.cancelAll();
    }
    await expect(runner.inspect({ path })).resolves.toMatchObject({ file: 'spare.csv' }); // still works, without a spare
  });
});
