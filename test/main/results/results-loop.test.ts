/**
 * The results loop end to end against the real sandbox (SFTP service and processor, started
 * by `txp send --sandbox` itself, or here in-process): wait, download, validate, delete,
 * join back to the user's rows, export.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResultFile } from '../../../shared/results/result-file';
import { startSandboxSftpServer } from '../../../main/sandbox/sandbox-sftp-server';
import { fetchResults } from '../../../main/results/fetch-results';
import { SftpSession } from '../../../main/sending/sftp-session';
import { REPO_ROOT, runTxp } from '../../support/run-txp';

const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
const out = mkdtempSync(join(tmpdir(), 'txp-out-'));
afterAll(() => {
  rmSync(config, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});
const example = join(REPO_ROOT, 'examples/crm-contacts-export.csv');

describe('txp send --sandbox --wait', () => {
  it('uploads, waits, fetches and deletes the results, joins them to the rows, and exports them', async () => {
    const run = await runTxp(['send', example, '--sandbox', '--wait', '--keyword', 'DEMO', '--remove-when', 'SMS Opt Out=Yes', '--results', join(out, 'results.csv'), '--json'], {
      env: { TXP_CONFIG_DIR: config },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      simulated: boolean;
      numbers: number;
      results: { lineTypes: Record<string, number>; optStatus: Record<string, number>; details: Record<string, number> };
    };
    expect(result.simulated).toBe(true);
    expect(result.numbers).toBe(11);
    expect(result.results.lineTypes).toEqual({ mobile: 9, landline: 2, invalid: 2, toll_free: 1 });
    expect(result.results.optStatus).toEqual({ opted_in: 7, not_opted_in: 6, opted_out: 1 });
    expect(result.results.details).toMatchObject({
      added: 6,
      'not a mobile number': 3,
      'opted out by owner: cannot be re-added': 1,
      'removed by upload': 1,
      'not sent: DAMAGED': 1,
      'not sent: TOO_SHORT': 1,
      'same number as row 5': 1,
    });
    // Nothing is left on the server: the processor deleted the upload, the client the result file.
    const root = join(config, 'sandbox', 'root');
    expect(readdirSync(root)).toEqual(['results']);
    expect(readdirSync(join(root, 'results'))).toEqual([]);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('Row,First Name,Last Name,Mobile Phone,Home Phone,Segment,Branch,SMS Opt Out,Phone column,Number,Line type,Opt status,What happened');
    expect(csv).toContain("8,Dan,Ng,(212) 555-0100,,Trade Show,South,No,Mobile Phone,'+12125550100,mobile,opted_out,opted out by owner: cannot be re-added");
  });

  it('exports XLSX too', async () => {
    const path = join(out, 'results.xlsx');
    const run = await runTxp(['send', example, '--sandbox', '--wait', '--keyword', 'DEMO', '--results', path], { env: { TXP_CONFIG_DIR: config } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Results (SIMULATED by the local sandbox, not by TextPower)');
    const sheet = XLSX.read(readFileSync(path)).Sheets['Results'] as XLSX.WorkSheet;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 });
    expect(rows[0]?.[12]).toBe('What happened');
    expect(rows.some((row) => row[9] === "'+12125550124" && row[12] === 'already opted in')).toBe(true);
  });

  it('npm run demo shows the per-number table and the summary', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'demo'], { cwd: REPO_ROOT, env: { ...process.env, TXP_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'txp-demo-')) }, timeout: 60_000 });
    expect(stdout).toContain('Results (SIMULATED by the local sandbox, not by TextPower)');
    expect(stdout).toMatch(/14 +Mobile Phone +\+13105550146 +mobile +not_opted_in removed by upload/);
    expect(stdout).toContain('Opt status: opted_in 7, not_opted_in 6, opted_out 1');
  });
});

describe('result files', () => {
  it('refuses a truncated result and leaves it on the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'txp-sandbox-'));
    const server = await startSandboxSftpServer({ dir });
    try {
      const path = join(server.root, 'results', 'cut.csv.results.csv');
      writeFileSync(path, 'phone,line_type,opt_status,detail\r\n+12125550124,mobile,opted_in,ad');
      await expect(
        fetchResults({
          connect: (signal) => SftpSession.connect({ host: server.host, port: server.port, user: server.user, password: server.password, expectedFingerprint: server.fingerprint, signal }),
          resultsDir: '/results',
          remoteName: 'cut.csv',
          timeoutMs: 2000,
        }),
      ).rejects.toMatchObject({ code: 'TRANSFER', message: expect.stringContaining('was refused and left on the server: the file is truncated') });
      expect(existsSync(path)).toBe(true);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks the header, the allowed values and every phone', () => {
    expect(parseResultFile('phone,line_type,opt_status,detail\r\n+12125550124,mobile,opted_in,added\r\n,invalid,not_opted_in,invalid number\r\n')).toHaveLength(2);
    expect(() => parseResultFile('number,type\r\n')).toThrow(/header/);
    expect(() => parseResultFile('phone,line_type,opt_status,detail\r\n+12125550124,cellular,opted_in,added\r\n')).toThrow(/row 2: unknown line type "cellular"/);
    expect(() => parseResultFile('phone,line_type,opt_status,detail\r\n+12125550124,mobile,maybe,added\r\n')).toThrow(/unknown opt status/);
    expect(() => parseResultFile('phone,line_type,opt_status,detail\r\n2125550124,mobile,opted_in,added\r\n')).toThrow(/not an E.164 number/);
  });
});

describe('txp results', () => {
  it('fetches the results of an earlier upload and removes them from the server; says when there are none yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'txp-sandbox-'));
    const server = await startSandboxSftpServer({ dir });
    const env = { TXP_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'txp-config-')), DBUS_SESSION_BUS_ADDRESS: '' };
    try {
      await runTxp(['account', 'add', 'Local', '--user', server.user, '--host', server.host, '--port', String(server.port)], { env });
      expect((await runTxp(['account', 'trust', 'Local', '--fingerprint', server.fingerprint], { env })).status).toBe(0);
      const none = await runTxp(['results', 'later.csv', '--account', 'Local', '--password-stdin'], { env, input: server.password });
      expect(none.status).toBe(4);
      expect(none.stderr).toContain('No results for later.csv yet');
      const path = join(server.root, 'results', 'later.csv.results.csv');
      writeFileSync(path, 'phone,line_type,opt_status,detail\r\n+12125550124,mobile,opted_in,added\r\n+12125550125,landline,not_opted_in,not a mobile number\r\n');
      const run = await runTxp(['results', 'later.csv', '--account', 'Local', '--password-stdin', '--json'], { env, input: server.password });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ numbers: 2, lineTypes: { mobile: 1, landline: 1 }, optStatus: { opted_in: 1, not_opted_in: 1 } });
      expect(existsSync(path)).toBe(false);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
