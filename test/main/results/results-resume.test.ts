/**
 * A results run cancelled half-way through asking TextPower's web service resumes where it
 * stopped: through the real API handlers, a real worker thread, the real sandbox (SFTP drop,
 * processor, SOAP endpoint over HTTP). The server counts what it was asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../main/api/api-handlers';
import { createApiHandlers } from '../../../main/api/create-api-handlers';
import { dispatchRequest } from '../../../main/api/dispatch';
import { startSandbox, type Sandbox } from '../../../main/sandbox/start-sandbox';
import { useSandboxAccount } from '../../../main/sending/account-service';
import { testApiDeps } from '../../support/api-deps';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

const fixtures = new FixtureDir();
const deps = testApiDeps();
const handlers = createApiHandlers(deps);
const dir = mkdtempSync(join(tmpdir(), 'txp-resume-'));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ dir, soap: { latencyMs: 50 } });
  await useSandboxAccount(deps.accounts, sandbox);
});
afterAll(async () => {
  await deps.pipeline.cancelAll();
  await sandbox?.close();
  fixtures.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('per-number status after a cancel', () => {
  it('is asked again only for the numbers not answered yet', { timeout: 60_000 }, async () => {
    const events: { name: string; payload: { taskId?: string; phase?: string; done?: number } }[] = [];
    const context: HandlerContext = { emit: (name, payload) => events.push({ name, payload: payload as never }), signal: new AbortController().signal };
    const call = (channel: string, payload: unknown) => dispatchRequest(handlers, channel, payload, context);
    const numbers = Array.from({ length: 10 }, (_, i) => `(646) 555-01${String(30 + i)}`);
    const path = fixtures.text('ten.csv', ['Name,Mobile', ...numbers.map((n, i) => `P${i},${n}`)].join('\n') + '\n');
    const checked = (await call('list.check', { taskId: 'resume-check', path, request: {} })) as { value: { plan: unknown } };
    const sent = (await call('list.send', { taskId: 'resume-send', path, plan: checked.value.plan, account: 'Sandbox' })) as { value: { remoteName: string } };
    const remoteName = sent.value.remoteName;
    const first = call('list.results', { taskId: 'resume-1', path, plan: checked.value.plan, account: 'Sandbox', remoteName });
    const deadline = Date.now() + 30_000;
    const asked = () => Math.max(0, ...events.filter((e) => e.payload.taskId === 'resume-1' && e.payload.phase === 'status').map((e) => e.payload.done ?? 0));
    while (asked() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(asked()).toBeGreaterThanOrEqual(3);
    await call('task.cancel', { taskId: 'resume-1' });
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELED' } });
    const askedBefore = sandbox.api.calls.filter((c) => c.operation === 'ManageOptin').length;
    expect(askedBefore).toBeLessThan(10);
    const again = (await call('list.results', { taskId: 'resume-2', path, plan: checked.value.plan, account: 'Sandbox', remoteName })) as {
      ok: boolean;
      value: { counts: { optStatus: Record<string, number> } };
    };
    expect(again.ok).toBe(true);
    expect(again.value.counts.optStatus).toEqual({ opted_in: 5, not_opted_in: 5 });
    // Every number was asked exactly once over both runs.
    expect(sandbox.api.calls.filter((c) => c.operation === 'ManageOptin')).toHaveLength(10);
  });
});
