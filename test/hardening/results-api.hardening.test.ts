/**
 * Broken answers from the web service (issue 14): a WSDL cut in half, a web page instead of the
 * WSDL, an answer cut off mid-way, an answer that is not SOAP. An HTTP relay on 127.0.0.1 in
 * front of the real sandbox service breaks them; the real client reads them. Each must end in
 * one plain message, be retried where a retry may help, and never count as an answer.
 * Figures go to test-results/hardening-results-api.json; the README's hardening table quotes them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextPowerApi } from '../../main/results/textpower-api';
import { startSandbox, type Sandbox } from '../../main/sandbox/start-sandbox';
import { API_DEFAULTS } from '../../shared/accounts/account';
import { REPO_ROOT } from '../support/run-txp';
import { withPeakMemory } from '../support/peak-memory';

type Break = 'wsdl-half' | 'wsdl-page' | 'answer-cut' | 'answer-not-soap' | 'answer-page';
const dir = mkdtempSync(join(tmpdir(), 'txp-api-faults-'));
let sandbox: Sandbox;
let relay: Server;
const figures: { case: string; seconds: number; peakMiB: number; outcome: string }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ dir });
  const target = new URL(sandbox.api.url);
  // The case is the last part of the address (each its own, so node-soap's WSDL cache cannot mix them).
  relay = createServer((req, res) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const mode = path.slice(path.lastIndexOf('/') + 1) as Break;
    const upstream = request({ host: target.hostname, port: target.port, path: target.pathname + (query ? `?${query}` : ''), method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const wsdl = req.method === 'GET';
        if (wsdl && mode === 'wsdl-half') return res.writeHead(200, { 'Content-Type': 'text/xml' }).end(body.subarray(0, body.length / 2));
        if (wsdl && mode === 'wsdl-page') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body><h1>Sign in to the Wi-Fi</h1></body></html>');
        if (!wsdl && mode === 'answer-cut') {
          res.writeHead(200, { 'Content-Type': String(answer.headers['content-type']), 'Content-Length': String(body.length) });
          res.write(body.subarray(0, body.length / 2));
          return void res.destroy();
        }
        if (!wsdl && mode === 'answer-not-soap') return res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<soap:Envelope><soap:Body><ManageOptinResponse>');
        if (!wsdl && mode === 'answer-page') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>Proxy error</html>');
        res.writeHead(answer.statusCode ?? 200, answer.headers).end(body);
      });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolveListen) => relay.listen(0, '127.0.0.1', () => resolveListen()));
});

afterAll(async () => {
  await new Promise<void>((resolveClose) => relay?.close(() => resolveClose()));
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(resolve(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(resolve(REPO_ROOT, 'test-results/hardening-results-api.json'), JSON.stringify(figures, null, 2) + '\n');
});

/** Connects through the relay with `mode`'s break and asks one number's status; what came of it. */
async function askThrough(mode: Break): Promise<{ answers: number; error: { code: string; message: string; transient: boolean } | null; seconds: number }> {
  const started = performance.now();
  const url = `http://127.0.0.1:${(relay.address() as AddressInfo).port}${new URL(sandbox.api.url).pathname}/${mode}`;
  const access = { ...API_DEFAULTS, uid: sandbox.api.user, campaign: sandbox.api.campaign, url };
  let answers = 0;
  try {
    const api = await TextPowerApi.connect({ access, password: sandbox.api.password, keyword: 'DEMO' }, { attempts: 2, backoffMs: 50, timeoutMs: 5000 });
    await api.statuses(['+12125550126'], new Map(), () => answers++);
    return { answers, error: null, seconds: (performance.now() - started) / 1000 };
  } catch (caught) {
    const error = caught as { code: string; message: string; transient: boolean };
    return { answers, error: { code: error.code, message: error.message, transient: error.transient }, seconds: (performance.now() - started) / 1000 };
  }
}

const cases: { mode: Break; name: string; message: RegExp; before: string }[] = [
  {
    mode: 'wsdl-half',
    name: 'A WSDL cut in half',
    message: /gave a description \(.*\) that names no operation: it was cut off on the way/,
    before: 'it said the service "does not offer ManageOptin"',
  },
  {
    mode: 'wsdl-page',
    name: 'A web page instead of the WSDL (a Wi-Fi sign-in page)',
    message: /the address answered with a web page \(<html>\), not the service's description/,
    before: 'node-soap\'s "Root element of WSDL was <html>. This is likely an authentication issue.."',
  },
  {
    mode: 'answer-cut',
    name: 'An answer cut off half-way',
    message: /^The connection to TextPower's service was cut before its answer was complete \(ECONNRESET\)\.$/,
    before: 'it said the service "could not be reached"',
  },
  {
    mode: 'answer-not-soap',
    name: 'An answer that is not SOAP (an envelope never closed)',
    message: /^TextPower's service sent an answer that could not be read: cut off on the way, or not a SOAP answer\.$/,
    before: '"call failed: [object Object]", not retried',
  },
  {
    mode: 'answer-page',
    name: 'A web page instead of the answer (a proxy error)',
    message: /^TextPower's service sent an answer that could not be read/,
    before: '"call failed: Cannot parse response", not retried',
  },
];

describe('broken answers from the web service', () => {
  it.each(cases)('$name: one plain message, retried, never an answer', async ({ mode, name, message, before }) => {
    const { value: run, peakMiB } = await withPeakMemory(() => askThrough(mode));
    expect(peakMiB).toBeLessThan(1024);
    expect(run.answers).toBe(0);
    expect(run.error).toMatchObject({ code: 'TRANSFER', transient: true, message: expect.stringMatching(message) });
    figures.push({ case: name, seconds: Math.round(run.seconds * 10) / 10, peakMiB, outcome: `no answer counted; "${run.error?.message}" (worth retrying) — ${before}` });
  });

  it('the relay passes an unbroken call, so the cases above are its breaks', async () => {
    const url = `http://127.0.0.1:${(relay.address() as AddressInfo).port}${new URL(sandbox.api.url).pathname}/whole`;
    const api = await TextPowerApi.connect({ access: { ...API_DEFAULTS, uid: sandbox.api.user, campaign: sandbox.api.campaign, url }, password: sandbox.api.password, keyword: 'DEMO' });
    const answers: string[] = [];
    await api.statuses(['+12125550126'], new Map(), ({ raw }) => answers.push(raw));
    expect(answers).toHaveLength(1);
  });
});
