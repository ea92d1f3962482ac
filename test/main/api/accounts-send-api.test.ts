/**
 * Accounts, host-key trust and sending through the API handlers, as the app calls them,
 * against a real OpenSSH server (Debian's sshd on 127.0.0.1, started and stopped here).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../main/api/api-handlers';
import { createApiHandlers } from '../../../main/api/create-api-handlers';
import { dispatchRequest } from '../../../main/api/dispatch';
import { testApiDeps } from '../../support/api-deps';
import { startOpensshServer, type OpensshServer } from '../../support/openssh-server';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

let server: OpensshServer;
const fixtures = new FixtureDir();
const deps = testApiDeps();
const handlers = createApiHandlers(deps);
const events: { name: string; payload: { taskId: string; phase: string; done: number; total: number | null } }[] = [];
const context: HandlerContext = { emit: (name, payload) => events.push({ name, payload: payload as never }), signal: new AbortController().signal };
const call = (channel: string, payload?: unknown) => dispatchRequest(handlers, channel, payload, context);
let fingerprint = '';

beforeAll(async () => {
  server = await startOpensshServer();
});
afterAll(async () => {
  await deps.pipeline.cancelAll();
  await server?.stop();
  fixtures.remove();
});

describe('accounts and sending over the API', () => {
  it('saves an account with its password and never sends the password back', async () => {
    const saved = await call('account.save', { name: 'Office', user: server.user, host: server.host, port: server.port, uploadDir: join(server.home, 'upload'), secret: server.password });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Office', hasSecret: true, hostKey: null } });
    expect(JSON.stringify(saved)).not.toContain(server.password);
    const listed = await call('account.list');
    expect(listed).toMatchObject({ ok: true, value: { accounts: [{ name: 'Office', hasSecret: true }], keychain: { kind: 'session' } } });
    expect(JSON.stringify(listed)).not.toContain(server.password);
  });

  it('shows a new host key, and trusts only the one the server shows', async () => {
    const check = await call('account.checkHostKey', { name: 'Office' });
    expect(check).toMatchObject({ ok: true, value: { status: 'new', pinned: null, algorithm: 'ssh-ed25519' } });
    fingerprint = (check as { value: { fingerprint: string } }).value.fingerprint;
    expect(await call('account.trustHostKey', { name: 'Office', fingerprint: 'SHA256:' + 'C'.repeat(43) })).toMatchObject({ ok: false, error: { code: 'HOST_KEY' } });
    expect(await call('account.trustHostKey', { name: 'Office', fingerprint })).toMatchObject({ ok: true, value: { hostKey: { fingerprint } } });
  });

  /** The plan the page sends with: the one its check followed. */
  const planOf = async (path: string): Promise<unknown> => ((await call('list.check', { taskId: `plan-${path.length}`, path, request: {} })) as { value: { plan: unknown } }).value.plan;

  it('sends a file with check and upload progress', async () => {
    const path = fixtures.text('contacts.csv', 'Name,Mobile\nAnn,(212) 555-0125\nBob,646-555-0142\n');
    const sent = await call('list.send', { taskId: 'send-1', path, plan: await planOf(path), account: 'Office', keyword: 'DEMO' });
    expect(sent).toMatchObject({ ok: true, value: { numbers: 2, attempts: 1 } });
    const { remoteName } = (sent as { value: { remoteName: string } }).value;
    expect(existsSync(join(server.home, 'upload', remoteName))).toBe(true);
    const phases = new Set(events.filter((e) => e.payload.taskId === 'send-1').map((e) => e.payload.phase));
    expect(phases).toEqual(new Set(['check', 'upload']));
  });

  it('refuses a changed host key: no "continue anyway", nothing sent', async () => {
    await server.restart({ newHostKey: true });
    const check = await call('account.checkHostKey', { name: 'Office' });
    expect(check).toMatchObject({ ok: true, value: { status: 'changed', pinned: fingerprint } });
    const shown = (check as { value: { fingerprint: string } }).value.fingerprint;
    expect(await call('account.trustHostKey', { name: 'Office', fingerprint: shown })).toMatchObject({
      ok: false,
      error: { code: 'HOST_KEY', message: expect.stringContaining('The trusted key is kept') },
    });
    const path = fixtures.text('again.csv', 'Mobile\n(212) 555-0199\n');
    expect(await call('list.send', { taskId: 'send-2', path, plan: await planOf(path), account: 'Office', keyword: 'DEMO' })).toMatchObject({
      ok: false,
      error: { code: 'HOST_KEY', message: expect.stringContaining('has changed') },
    });
  });

  it('removes the account with its secret', async () => {
    expect(await call('account.remove', { name: 'Office' })).toEqual({ ok: true, value: { removed: true } });
    expect(await deps.accounts.secrets.get('Office')).toBeNull();
  });
});
