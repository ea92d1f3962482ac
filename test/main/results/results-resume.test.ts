/**
 * A results run cancelled half-way through asking TextPower's web service resumes where it
 * stopped, even after the app was quit: through the real API handlers, a real worker thread,
 * the real sandbox (SFTP drop, processor, SOAP endpoint over HTTP). The server counts what it
 * was asked; what is kept on disk in between holds no phone number.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
  it('is asked again only for the numbers not answered yet, after a restart too, and nothing kept names a number', { timeout: 60_000 }, async () => {
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
    // What was kept for the resume: one file, and no number in it (not in any form the file had, nor as digits).
    const progressDir = join(deps.configDir, 'results-progress');
    const kept = readdirSync(progressDir);
    expect(kept).toHaveLength(1);
    const keptText = readFileSync(join(progressDir, kept[0] as string), 'utf8');
    expect(keptText).toContain('{number}');
    for (const n of numbers) expect(keptText).not.toContain(n.replace(/\D/g, '').slice(-7));
    // The app is quit and started again: new handlers, no send record, no answers in memory.
    const restarted = createApiHandlers(deps);
    const again = (await dispatchRequest(restarted, 'list.results', { taskId: 'resume-2', path, plan: checked.value.plan, account: 'Sandbox', remoteName }, context)) as {
      ok: boolean;
      value: { counts: { optStatus: Record<string, number> } };
    };
    expect(again.ok).toBe(true);
    expect(again.value.counts.optStatus).toEqual({ opted_in: 5, not_opted_in: 5 });
    // Every number was asked exactly once over both runs.
    expect(sandbox.api.calls.filter((c) => c.operation === 'ManageOptin')).toHaveLength(10);
    // Every number answered: nothing is left to resume.
    expect(existsSync(progressDir) ? readdirSync(progressDir) : []).toEqual([]);
  });
});
