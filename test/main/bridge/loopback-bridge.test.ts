/** The loopback bridge, started for real on 127.0.0.1 with a temporary static folder. */
import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../main/api/create-api-handlers';
import { startLoopbackBridge, type LoopbackBridge } from '../../../main/bridge/loopback-bridge';
import { testApiDeps } from '../../support/api-deps';

let dir: string;
let bridge: LoopbackBridge;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'txp-bridge-'));
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><title>ok</title>');
  await writeFile(join(dir, 'secret.txt'), 'outside the static folder');
  bridge = await startLoopbackBridge({
    handlers: createApiHandlers(testApiDeps()),
    staticDir: join(dir, 'static'),
    openedFilesDir: join(dir, 'opened'),
  });
});

afterAll(async () => {
  await bridge?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw HTTP request, so that headers like Host can be set exactly. */
function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end(init.body);
  });
}

const api = (token: string, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...extra },
  body: '',
});

describe('loopback bridge', () => {
  it('listens on 127.0.0.1 with a long random token in the fragment of its URL', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.token.length).toBeGreaterThanOrEqual(40);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
  });

  it('serves the API with the right token', async () => {
    const response = await call('/api/app.info', api(bridge.token));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { shell: 'browser' } });
  });

  it('refuses a missing or wrong token', async () => {
    expect((await call('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' } })).status).toBe(401);
    expect((await call('/api/app.info', api(bridge.token.slice(0, -1) + 'x'))).status).toBe(401);
    expect((await call('/api/events')).status).toBe(401);
  });

  it('refuses other origins, other hosts and form posts', async () => {
    expect((await call('/api/app.info', api(bridge.token, { Origin: 'http://evil.example' }))).status).toBe(403);
    expect((await call('/api/app.info', api(bridge.token, { Host: `evil.example:${bridge.port}` }))).status).toBe(421);
    expect((await call('/api/app.info', api(bridge.token, { 'Content-Type': 'text/plain' }))).status).toBe(415);
  });

  it('validates payloads like the IPC path does', async () => {
    const response = await call('/api/dialog.openFile', { ...api(bridge.token), body: JSON.stringify({ title: 7 }) });
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('serves the renderer but nothing outside its folder', async () => {
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>ok</title>');
    expect((await call('/../secret.txt')).status).toBe(404);
    expect((await call('/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('keeps a file the page hands over in a private folder and gives back its path', async () => {
    const upload = (token: string, name: string, body: string, type = 'application/octet-stream') =>
      call('/api/file', {
        method: 'POST',
        headers: { 'Content-Type': type, Authorization: `Bearer ${token}`, 'X-File-Name': encodeURIComponent(name), 'Content-Length': String(Buffer.byteLength(body)) },
        body,
      });
    const answer = await upload(bridge.token, 'Contacts export.csv', 'Name,Cell\nAnn,212-555-0125\n');
    expect(answer.status).toBe(200);
    const { path } = (JSON.parse(answer.body) as { value: { path: string } }).value;
    expect(path.startsWith(join(dir, 'opened') + '/')).toBe(true);
    expect(path.endsWith('/Contacts export.csv')).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('Name,Cell\nAnn,212-555-0125\n');
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    // A name cannot climb out of its folder.
    const sneaky = await upload(bridge.token, '../../escape.csv', 'x');
    expect(dirname((JSON.parse(sneaky.body) as { value: { path: string } }).value.path)).not.toBe(dir);
    expect(basename((JSON.parse(sneaky.body) as { value: { path: string } }).value.path)).toBe('escape.csv');
    // Without the token, or as a form could send it: refused.
    expect((await upload('wrong', 'a.csv', 'x')).status).toBe(401);
    expect((await upload(bridge.token, 'a.csv', 'x', 'text/plain')).status).toBe(415);
  });
});
