/**
 * The OS tasks `txp automation install` writes: a systemd user timer and service (checked by
 * `systemd-analyze verify`, which `npm test` installs with the other system parts), a LaunchAgent plist (parsed as a property
 * list), a Task Scheduler task (well-formed XML in Task Scheduler's namespace) and a crontab
 * line; and the command each one holds, run for real the way its scheduler would run it, in a
 * keychain session against the real sandbox: each run sends the folder's newest file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationFixture, exportText, until, type AutomationFixture } from '../../support/automation-fixture';
import { REPO_ROOT, runTxp } from '../../support/run-txp';
import { runInSecretServiceSession } from '../../support/secret-service';
import { requireSystemParts } from '../../support/system-parts';

let fx: AutomationFixture;
const home = mkdtempSync(join(tmpdir(), 'txp-home-'));
beforeAll(async () => {
  fx = await automationFixture({ keychain: true });
  // The account exists in accounts.json already; its password is saved in the keychain session below.
  expect((await runTxp(['account', 'add', 'Local', ...fx.login], { env: fx.env })).status).toBe(0);
  expect((await runTxp(['account', 'trust', 'Local', '--fingerprint', fx.sandbox.fingerprint], { env: fx.env })).status).toBe(0);
  const add = await runTxp(
    ['automation', 'add', 'Nightly CRM', '--folder', fx.folder, '--profile', 'CRM', '--account', 'Local', '--daily', '02:30', '--pattern', 'contacts_*.csv', '--settle-seconds', '0'],
    { env: fx.env },
  );
  expect(add.stderr).toBe('');
  expect(add.stdout).toContain('Run it now with: txp automation run "Nightly CRM"');
}, 60_000);
afterAll(async () => {
  await fx?.close();
  rmSync(home, { recursive: true, force: true });
});

const TXP = join(REPO_ROOT, 'bin/txp.mjs');
const ARGS = [process.execPath, TXP, 'automation', 'run', 'Nightly CRM'];

/** `txp automation install NAME --scheduler KIND --dry-run`: the files and the calls, as printed. */
async function dryRun(kind: string): Promise<Map<string, string>> {
  const run = await runTxp(['automation', 'install', 'Nightly CRM', '--scheduler', kind, '--dry-run'], { env: { ...fx.env, HOME: home } });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const files = new Map<string, string>();
  for (const part of run.stdout.split(/^# /m).slice(1)) {
    const newline = part.indexOf('\n');
    files.set(part.slice(0, newline), part.slice(newline + 1));
  }
  return files;
}

/** systemd's unquoting of one ExecStart= or Environment= line (double quotes, backslash escapes, %%). */
function systemdWords(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] as string)).replace(/%%/g, '%'));
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

describe('txp automation install: the OS task definitions', () => {
  const commands: { scheduler: string; script: string }[] = [];

  it('writes a systemd user service and timer that systemd-analyze accepts, running txp automation run NAME daily at 02:30', async () => {
    const files = await dryRun('systemd');
    const service = [...files].find(([path]) => path.endsWith('.service'));
    const timer = [...files].find(([path]) => path.endsWith('.timer'));
    expect(service?.[0]).toBe(join(home, '.config/systemd/user/txp-automation-nightly-crm.service'));
    expect(timer?.[1]).toContain('OnCalendar=*-*-* 02:30:00\nPersistent=true');
    const text = service?.[1] ?? '';
    const exec = systemdWords(/^ExecStart=(.*)$/m.exec(text)?.[1] ?? '');
    expect(exec).toEqual(ARGS);
    const env = systemdWords(/^Environment=(.*)$/m.exec(text)?.[1] ?? '');
    expect(env).toEqual([`TXP_CONFIG_DIR=${fx.config}`]);
    commands.push({ scheduler: 'systemd', script: `env ${env.map(shellQuote).join(' ')} ${exec.map(shellQuote).join(' ')}` });
    await requireSystemParts('systemd');
    const dir = mkdtempSync(join(tmpdir(), 'txp-units-'));
    try {
      for (const [path, body] of files) if (path.startsWith(home)) writeFileSync(join(dir, path.split('/').at(-1) as string), body);
      const names = readdirSync(dir).map((name) => join(dir, name));
      const verify = await promisify(execFile)('systemd-analyze', ['verify', ...names]).then(
        (r) => ({ ok: true, stderr: r.stderr }),
        (e: { stderr: string }) => ({ ok: false, stderr: e.stderr }),
      );
      expect(verify.stderr.split('\n').filter((line) => line.includes('txp-automation'))).toEqual([]);
      expect(verify.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a LaunchAgent that parses as a property list, with the program, its arguments, the config folder and 02:30', async () => {
    const files = await dryRun('launchd');
    const [path, text] = [...files][0] as [string, string];
    expect(path).toBe(join(home, 'Library/LaunchAgents/com.textpower.upload-assistant.automation.nightly-crm.plist'));
    expect(XMLValidator.validate(text)).toBe(true);
    const agent = parsePlist(text) as Record<string, unknown>;
    expect(agent).toMatchObject({
      Label: 'com.textpower.upload-assistant.automation.nightly-crm',
      ProgramArguments: ARGS,
      EnvironmentVariables: { TXP_CONFIG_DIR: fx.config },
      StartCalendarInterval: { Hour: 2, Minute: 30 },
    });
    const env = agent['EnvironmentVariables'] as Record<string, string>;
    commands.push({
      scheduler: 'launchd',
      script: `env ${Object.entries(env)
        .map(([k, v]) => shellQuote(`${k}=${v}`))
        .join(' ')} ${(agent['ProgramArguments'] as string[]).map(shellQuote).join(' ')}`,
    });
  });

  it('writes a Task Scheduler task: well-formed XML in its namespace, daily at 02:30, one run at a time, the command quoted for Windows', async () => {
    const files = await dryRun('windows');
    const [path, text] = [...files].find(([p]) => p.endsWith('.xml')) as [string, string];
    expect(path).toBe(join(fx.config, 'automation-tasks/txp-automation-nightly-crm.xml'));
    expect(XMLValidator.validate(text)).toBe(true);
    const task = new XMLParser({ ignoreAttributes: false }).parse(text) as { Task: Record<string, Record<string, unknown>> };
    expect(task.Task['@_xmlns']).toBe('http://schemas.microsoft.com/windows/2004/02/mit/task');
    expect(task.Task['Triggers']).toMatchObject({ CalendarTrigger: { ScheduleByDay: { DaysInterval: 1 } } });
    expect(String((task.Task['Triggers']?.['CalendarTrigger'] as { StartBoundary: string }).StartBoundary)).toMatch(/^\d{4}-\d\d-\d\dT02:30:00$/);
    expect(task.Task['Settings']).toMatchObject({ MultipleInstancesPolicy: 'IgnoreNew', StartWhenAvailable: true });
    const exec = (task.Task['Actions'] as { Exec: { Command: string; Arguments: string } }).Exec;
    // TXP_CONFIG_DIR was chosen, so it is set for the run through cmd.exe; the name with a space is quoted.
    expect(exec.Command).toBe('cmd.exe');
    expect(exec.Arguments).toBe(`/d /c "set "TXP_CONFIG_DIR=${fx.config}"&& ${process.execPath} ${TXP} automation run "Nightly CRM""`);
    expect(files.has(`then: schtasks /Create /TN \\TextPower Upload Assistant\\Nightly CRM /XML ${path} /F`)).toBe(true);
  });

  it('writes a crontab line: 02:30 daily, the command, its log, and a mark to find it again', async () => {
    const files = await dryRun('cron');
    const line = (files.get('crontab line') ?? '').trim();
    const log = join(fx.config, 'automation-logs/nightly-crm.log');
    expect(line).toBe(`30 2 * * * TXP_CONFIG_DIR=${fx.config} ${process.execPath} ${TXP} automation run 'Nightly CRM' >> ${log} 2>&1 # txp-automation:nightly-crm`);
    commands.push({ scheduler: 'cron', script: `mkdir -p ${shellQuote(join(fx.config, 'automation-logs'))}; ${line.slice(line.indexOf(' * * * ') + 7)}` });
  });

  it('each definition runs the right command: run as its scheduler would, it sends the newest matching file', { timeout: 120_000 }, async () => {
    expect(commands.map((c) => c.scheduler)).toEqual(['systemd', 'launchd', 'cron']);
    const script = [`printf '%s' "$SFTP_PASSWORD" | node ${shellQuote(TXP)} account add Local ${fx.login.join(' ')} --password-stdin >/dev/null`];
    commands.forEach((command, i) => {
      // An older export and one that does not match the pattern beside the newest: only the newest goes.
      script.push(`printf '%s' ${shellQuote(exportText([1, 2]))} > "$FOLDER/contacts_${i}_old.csv"; touch -d '-1 hour' "$FOLDER/contacts_${i}_old.csv"`);
      script.push(`printf '%s' ${shellQuote(exportText([1, 2, 3 + i]))} > "$FOLDER/contacts_${i}.csv"`);
      script.push(`echo "== ${command.scheduler}"; ${command.script}`);
    });
    writeFileSync(join(fx.folder, 'notes.txt'), 'not an export');
    const session = await runInSecretServiceSession(script.join('\n'), { ...fx.env, FOLDER: fx.folder, SFTP_PASSWORD: fx.sandbox.password }, 100_000);
    expect(session.stderr).toBe('');
    expect(session.status).toBe(0);
    await until(() => fx.processed.length === 3, 20_000, 'three uploads processed');
    expect(readdirSync(join(fx.folder, 'sent')).sort()).toEqual(['contacts_0.csv', 'contacts_1.csv', 'contacts_2.csv']);
    expect(
      readdirSync(join(fx.folder, 'skipped'))
        .filter((n) => !n.endsWith('.reason.txt'))
        .sort(),
    ).toEqual(['contacts_0_old.csv', 'contacts_1_old.csv', 'contacts_2_old.csv']);
    expect(readFileSync(join(fx.folder, 'skipped', 'contacts_0_old.csv.reason.txt'), 'utf8')).toBe('a newer export (contacts_0.csv) was sent instead\n');
    expect(readdirSync(fx.folder).sort()).toEqual(['notes.txt', 'sent', 'skipped']);
    expect(fx.processed.map((p) => p.rows.length)).toEqual([3, 3, 3]);
    // cron's run wrote to its log; the others printed to the session.
    expect(readFileSync(join(fx.config, 'automation-logs/nightly-crm.log'), 'utf8')).toMatch(/Sent contacts_2\.csv: 3 numbers/);
    expect(session.stdout).toMatch(
      /== systemd\n\S+ Skipped contacts_0_old\.csv: a newer export \(contacts_0\.csv\) was sent instead; moved to the “skipped” folder\.\n\S+ Sent contacts_0\.csv: 3 numbers/,
    );
  });

  it('install and uninstall: without a scheduler that answers, nothing is left half-installed, and the message says what to do', async () => {
    const env = { ...fx.env, HOME: home, PATH: '/nonexistent' };
    const run = await runTxp(['automation', 'install', 'Nightly CRM', '--scheduler', 'systemd'], { env });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`txp: The computer's scheduler could not be reached (systemctl is not installed), so nothing was installed. The automation still runs while the app is open.\n`);
    expect(existsSync(join(home, '.config/systemd/user/txp-automation-nightly-crm.service'))).toBe(false);
    mkdirSync(join(home, '.config/systemd/user'), { recursive: true });
    writeFileSync(join(home, '.config/systemd/user/txp-automation-nightly-crm.timer'), 'left by hand');
    const uninstall = await runTxp(['automation', 'uninstall', 'Nightly CRM', '--scheduler', 'systemd'], { env });
    expect(uninstall.status).toBe(0);
    expect(existsSync(join(home, '.config/systemd/user/txp-automation-nightly-crm.timer'))).toBe(false);
  });
});
