/**
 * Attacks on the loopback bridge (issue 14), against the real server on 127.0.0.1 with the real
 * API handlers: slow and idle clients, many connections, malformed addresses and names, an
 * oversized body, an upload cut off. Each is bounded in time, and after each the bridge still
 * answers the page. The figures go to test-results/hardening-bridge.json; the README's
 * hardening table quotes them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../main/api/create-api-handlers';
import { FileGrants } from '../../main/api/file-grants';
import { appendHistory } from '../../main/sending/upload-history';
import { startLoopbackBridge, type LoopbackBridge } from '../../main/bridge/loopback-bridge';
import { testApiDeps } from '../support/api-deps';
import { REPO_ROOT } from '../support/run-txp';
import { withPeakMemory } from '../support/peak-memory';

const SLOW_MS = 1000;
let dir: string;
let bridge: LoopbackBridge;
let files: FileGrants;
let configDir: string;
const figures: { case: string; seconds: number; peakMiB: number; outcome: string }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'txp-bridge-attack-'));
  await mkdir(join(dir, 'static'));
  await writeFile(join(dir, 'static', 'index.html'), '<!doctype html><title>ok</title>');
  await writeFile(join(dir, 'secret.txt'), 'outside the static folder');
  // The app's own file grants: the page may have read only what the user picked.
  const deps = testApiDeps();
  files = new FileGrants(deps.configDir);
  configDir = deps.configDir;
  bridge = await startLoopbackBridge({ handlers: createApiHandlers({ ...deps, files }), staticDir: join(dir, 'static'), openedFilesDir: join(dir, 'opened'), files, slowClientMs: SLOW_MS });
});

afterAll(async () => {
  await bridge?.close();
  await rm(dir, { recursive: true, force: true });
  mkdirSync(resolve(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, 'test-results/hardening-bridge.json'), JSON.stringify(figures, null, 2) + '\n');
});

/** Runs one attack, records how long it took and what came of it, and checks the page is still served. */
async function attack(name: string, run: () => Promise<string>): Promise<void> {
  const started = performance.now();
  const { value: outcome, peakMiB } = await withPeakMemory(run);
  figures.push({ case: name, seconds: Math.round((performance.now() - started) / 100) / 10, peakMiB, outcome });
  expect(peakMiB, `${name}: the test process stays under 1 GB`).toBeLessThan(1024);
  const info = await call('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` } });
  expect(info.status, `${name}: the page is still answered`).toBe(200);
}

function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  return new Promise<{ status: number; body: string }>((resolveCall, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, method: init.method ?? 'GET', headers: init.headers ?? {}, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveCall({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${path} in 10 s`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A raw connection to the bridge. */
function openSocket(): Promise<Socket> {
  return new Promise((resolveSocket, reject) => {
    const socket = connect(bridge.port, '127.0.0.1', () => resolveSocket(socket));
    socket.on('error', reject);
  });
}
/** How long the server keeps a connection open, bounded by `limitMs`. */
function closedWithin(socket: Socket, limitMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolveClosed, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open over ${limitMs} ms`));
    }, limitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolveClosed(performance.now() - started);
    });
    socket.on('error', () => undefined);
    socket.resume(); // read what the server says (a 408), or its end never comes
  });
}

describe('the loopback bridge under attack', () => {
  it('cuts off a client that sends its headers a byte at a time (slowloris)', { timeout: 20_000 }, async () => {
    await attack('Slowloris: headers a byte every 100 ms', async () => {
      const socket = await openSocket();
      const text = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nX-Padding: ${'a'.repeat(500)}`;
      let at = 0;
      const drip = setInterval(() => {
        if (at < text.length && !socket.destroyed) socket.write(text[at++] as string);
      }, 100);
      try {
        const ms = await closedWithin(socket, 8000);
        expect(ms).toBeLessThan(8000);
        return `cut off after ${(ms / 1000).toFixed(1)} s (${SLOW_MS / 1000} s allowed here, 10 s in the app)`;
      } finally {
        clearInterval(drip);
      }
    });
  });

  it('closes many idle connections and still answers the page while they are open', { timeout: 30_000 }, async () => {
    await attack('500 connections that say nothing', async () => {
      const sockets = await Promise.all(Array.from({ length: 500 }, () => openSocket()));
      const closed = sockets.map((socket) => closedWithin(socket, 15_000));
      const info = await call('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` } });
      expect(info.status).toBe(200);
      const times = await Promise.all(closed);
      return `the page was answered meanwhile; all 500 answered 408 and closed after ${(Math.max(...times) / 1000).toFixed(1)} s (${SLOW_MS / 1000} s allowed here, 10 s in the app)`;
    });
  });

  it('refuses a JSON body over 1 MB', async () => {
    await attack('A 5 MB JSON body', async () => {
      const answer = await call('/api/app.info', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
        body: JSON.stringify({ padding: 'x'.repeat(5 * 1024 * 1024) }),
      }).catch((error: Error) => ({ status: 0, body: error.message }));
      // Either the 413 arrives, or the connection is cut while the body is still coming.
      expect([413, 0]).toContain(answer.status);
      return answer.status === 413 ? 'refused: 413 Request too large' : 'connection cut while the body was sent';
    });
  });

  it('answers malformed addresses and file names with 400 or 404, never an error or a file outside', async () => {
    await attack('Malformed and climbing addresses', async () => {
      const statuses: number[] = [];
      for (const path of ['/%E0%A4%A', '/api/%E0%A4%A', '/..%2f..%2fsecret.txt', '/%2e%2e/%2e%2e/secret.txt', '/%252e%252e/secret.txt', '/..%5csecret.txt', '/index.html%00.png', '//etc/passwd']) {
        const answer = await call(path, path.startsWith('/api/') ? { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` } } : {});
        expect([400, 404], path).toContain(answer.status);
        expect(answer.body).not.toContain('outside the static folder');
        statuses.push(answer.status);
      }
      const badName = await call('/api/file', {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${bridge.token}`, 'X-File-Name': '%E0%A4%A.csv', 'Content-Length': '1' },
        body: 'x',
      });
      expect(badName.status).toBe(400);
      return `${statuses.length} addresses: ${[...new Set(statuses)].join(' or ')}; a malformed file name: 400`;
    });
  });

  it('keeps nothing of an upload that is cut off', { timeout: 20_000 }, async () => {
    await attack('An upload cut off at 10 of 1,000,000 bytes', async () => {
      const before = await readdir(join(dir, 'opened')).catch(() => []);
      const socket = await openSocket();
      socket.write(
        `POST /api/file HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nAuthorization: Bearer ${bridge.token}\r\nContent-Type: application/octet-stream\r\nX-File-Name: cut.csv\r\nContent-Length: 1000000\r\n\r\nName,Phone`,
      );
      await new Promise((wait) => setTimeout(wait, 300));
      socket.destroy();
      // The server removes the folder it made once it sees the cut; wait for that, bounded.
      let after = await readdir(join(dir, 'opened')).catch(() => []);
      for (let i = 0; i < 50 && after.length > before.length; i++) {
        await new Promise((wait) => setTimeout(wait, 100));
        after = await readdir(join(dir, 'opened')).catch(() => []);
      }
      expect(after).toEqual(before);
      return 'nothing kept: the half-received copy and its folder are removed';
    });
  });

  it('reads only files the user picked: not a path the page names; one it handed over, also after a restart; one sent before', async () => {
    await attack('Files the user never picked, named by the page (table.inspect, table.load, list.preview, list.check)', async () => {
      const api = (channel: string, payload: unknown) =>
        call(`/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` }, body: JSON.stringify(payload) }).then(
          (answer) => JSON.parse(answer.body) as { ok: boolean; error?: { code: string; message: string } },
        );
      const refusals = [];
      for (const path of [join(dir, 'secret.txt'), '/etc/passwd', join(dir, 'static', 'index.html')]) {
        refusals.push(
          await api('table.inspect', { path }),
          await api('table.load', { taskId: 'load', path }),
          await api('list.preview', { path, request: {} }),
          await api('list.check', { taskId: 'check', path, request: {} }),
        );
      }
      for (const refusal of refusals)
        expect(refusal).toEqual({
          ok: false,
          error: { code: 'INPUT', message: expect.stringMatching(/^That file was not opened in the app, so it is not read\. Open it with File › Open… or drop it on the window\.$/) },
        });
      const handed = await call('/api/file', {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${bridge.token}`, 'X-File-Name': 'picked.csv' },
        body: 'Name,Phone\nAnn,(212) 555-0125\n',
      });
      const { path } = (JSON.parse(handed.body) as { value: { path: string } }).value;
      expect(await api('table.inspect', { path })).toMatchObject({ ok: true });
      // Kept for Recent files after a restart; and a file sent before opens from History.
      await expect(new FileGrants(configDir).check(path)).resolves.toBeUndefined();
      const sent = join(dir, 'sent-before.csv');
      await writeFile(sent, 'Phone\n2125550125\n');
      await expect(new FileGrants(configDir).check(sent)).rejects.toMatchObject({ code: 'INPUT' });
      await appendHistory(configDir, {
        time: new Date().toISOString(),
        account: 'Sandbox',
        remoteName: 'x.csv',
        sourceFile: 'sent-before.csv',
        keyword: null,
        bytes: 1,
        numbers: 1,
        outcome: 'uploaded',
        sourcePath: sent,
      });
      await expect(new FileGrants(configDir).check(sent)).resolves.toBeUndefined();
      return `all ${refusals.length} refused: "That file was not opened in the app…" (each was read before); a file handed over opens, after a restart too; a file sent before opens from History`;
    });
  });
});
