/**
 * A real sandbox added as the account "Local" (trusted, keyword DEMO) and a profile "CRM" for a
 * small CRM export (Name, Phone, Opt Out), in a config folder of its own; and exports of it
 * holding chosen numbers. The sandbox reports each upload it processed (name and rows).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ResultRow } from '../../main/sandbox/sandbox-processor';
import { startSandbox, type Sandbox } from '../../main/sandbox/start-sandbox';
import { runTxp } from './run-txp';

export interface AutomationFixture {
  sandbox: Sandbox;
  config: string;
  folder: string;
  env: NodeJS.ProcessEnv;
  processed: { name: string; rows: ResultRow[] }[];
  /** The account's login, for `txp account add` inside a keychain session. */
  login: string[];
  close(): Promise<void>;
}

/** Numbers of a documented fictional range: 212-555-01NN. */
export const number = (n: number): string => `212555${String(100 + n).padStart(4, '0')}`;

/** A CRM export (CSV) with these numbers, one row each, in several common forms. */
export function exportText(numbers: number[], optOut: number[] = []): string {
  const forms = [(d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`, (d: string) => `+1 ${d}`];
  const lines = ['Name,Phone,Opt Out'];
  numbers.forEach((n, i) => lines.push(`Person ${n},${(forms[i % forms.length] as (d: string) => string)(number(n))},${optOut.includes(n) ? 'Yes' : 'No'}`));
  return lines.join('\r\n') + '\r\n';
}

export async function automationFixture(options: { keychain?: boolean } = {}): Promise<AutomationFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'txp-sandbox-'));
  const processed: AutomationFixture['processed'] = [];
  const sandbox = await startSandbox({ dir, onProcessed: (name, rows) => processed.push({ name, rows }) });
  const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
  const folder = mkdtempSync(join(tmpdir(), 'txp-watched-'));
  const env = { TXP_CONFIG_DIR: config, ...(options.keychain ? {} : { DBUS_SESSION_BUS_ADDRESS: '' }) };
  const login = ['--user', sandbox.user, '--host', sandbox.host, '--port', String(sandbox.port), '--keyword', 'DEMO'];
  if (!options.keychain) {
    expect((await runTxp(['account', 'add', 'Local', ...login], { env })).status).toBe(0);
    expect((await runTxp(['account', 'trust', 'Local', '--fingerprint', sandbox.fingerprint], { env })).status).toBe(0);
  }
  const sample = join(config, 'sample.csv');
  writeFileSync(sample, exportText([1, 2, 3]));
  const saved = await runTxp(['check', sample, '--phone', 'Phone', '--remove-when', 'Opt Out=Yes', '--save-profile', 'CRM'], { env });
  expect(saved.stderr).toBe('');
  return {
    sandbox,
    config,
    folder,
    env,
    processed,
    login,
    close: async () => {
      await sandbox.close();
      for (const path of [dir, config, folder]) rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Waits (bounded) until `done` holds, polling. */
export async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
