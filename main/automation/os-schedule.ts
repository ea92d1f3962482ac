/**
 * Running an automation while the app is closed: the operating system's own scheduler runs
 * `txp automation run NAME` at the automation's time (daily at HH:MM) or every N minutes (new
 * files). The definitions are text this module writes — a Windows Task Scheduler task (XML), a
 * macOS LaunchAgent (plist), a systemd user timer and service, or a crontab line — and install
 * registers them with the scheduler found, uninstall removes them again.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { automationSlug, type Automation } from '../../shared/accounts/automation';
import { TxpError } from '../../shared/txp-error';
import { PRODUCT_NAME } from '../app-meta';
import { packageRoot } from '../package-root';

export type SchedulerKind = 'windows' | 'launchd' | 'systemd' | 'cron';

/** The command a scheduled run executes: the program and its arguments, and the environment it needs. */
export interface ScheduledCommand {
  program: string;
  args: string[];
  env: Record<string, string>;
}

export interface ScheduleDefinition {
  kind: SchedulerKind;
  /** Files to write, by absolute path, with their text. */
  files: { path: string; text: string; encoding?: 'utf16le' }[];
  /** What install runs after writing them (a program and its arguments), in order. */
  register: string[][];
  /** What uninstall runs before removing them. */
  unregister: string[][];
  /** For cron: the crontab line (install adds it, uninstall removes it). */
  cronLine?: string;
  /** Where the scheduled runs' output goes (launchd, cron); made on install. */
  logDir: string;
}

/**
 * The txp command for the scheduler: this Node and this checkout's (or build's) bin/txp.mjs,
 * and the config folder when one was chosen with TXP_CONFIG_DIR (else txp finds the platform's own).
 */
export function scheduledCommand(automation: Automation, txpScript: string, configDirOverride: string | undefined): ScheduledCommand {
  // In the desktop app this executable is Electron, which (its runAsNode fuse off) cannot run txp: no task is written around it.
  if (process.versions.electron) {
    throw new TxpError('UNAVAILABLE', 'This version of the desktop app cannot hand automations to the computer’s scheduler yet. Keep the app open, and it runs them.');
  }
  return { program: process.execPath, args: [txpScript, 'automation', 'run', automation.name], env: configDirOverride ? { TXP_CONFIG_DIR: configDirOverride } : {} };
}

const LABEL_PREFIX = 'com.textpower.upload-assistant.automation';

export function taskName(automation: Automation): string {
  return `txp-automation-${automationSlug(automation.name)}`;
}

/** The scheduler of this platform: Task Scheduler, launchd, a systemd user manager if one runs, else cron. */
export async function defaultScheduler(platform = process.platform): Promise<SchedulerKind> {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'launchd';
  try {
    await promisify(execFile)('systemctl', ['--user', 'is-system-running'], { timeout: 5000 });
    return 'systemd';
  } catch (error) {
    // "degraded" and the like exit non-zero but prove a user manager answers.
    const out = String((error as { stdout?: string }).stdout ?? '').trim();
    if (out !== '' && out !== 'offline') return 'systemd';
    return 'cron';
  }
}

export function scheduleDefinition(kind: SchedulerKind, automation: Automation, command: ScheduledCommand, configDir: string, home = homedir()): ScheduleDefinition {
  const name = taskName(automation);
  const logDir = join(configDir, 'automation-logs');
  const log = join(logDir, `${automationSlug(automation.name)}.log`);
  switch (kind) {
    case 'systemd': {
      const dir = join(home, '.config', 'systemd', 'user');
      return {
        kind,
        files: [
          { path: join(dir, `${name}.service`), text: systemdService(automation, command) },
          { path: join(dir, `${name}.timer`), text: systemdTimer(automation) },
        ],
        register: [
          ['systemctl', '--user', 'daemon-reload'],
          ['systemctl', '--user', 'enable', '--now', `${name}.timer`],
        ],
        unregister: [['systemctl', '--user', 'disable', '--now', `${name}.timer`]],
        logDir,
      };
    }
    case 'launchd': {
      const label = `${LABEL_PREFIX}.${automationSlug(automation.name)}`;
      const path = join(home, 'Library', 'LaunchAgents', `${label}.plist`);
      return {
        kind,
        files: [{ path, text: launchAgentPlist(automation, command, label, log) }],
        register: [['launchctl', 'load', '-w', path]],
        unregister: [['launchctl', 'unload', '-w', path]],
        logDir,
      };
    }
    case 'windows': {
      const path = join(configDir, 'automation-tasks', `${name}.xml`);
      const taskPath = `\\${PRODUCT_NAME}\\${automation.name}`;
      return {
        kind,
        files: [{ path, text: taskSchedulerXml(automation, command), encoding: 'utf16le' }],
        register: [['schtasks', '/Create', '/TN', taskPath, '/XML', path, '/F']],
        unregister: [['schtasks', '/Delete', '/TN', taskPath, '/F']],
        logDir,
      };
    }
    case 'cron':
      return { kind, files: [], register: [], unregister: [], cronLine: cronLine(automation, command, log), logDir };
  }
}

/** A value in a systemd unit: quoted, with its specifiers (%) and escapes doubled. */
function systemdWord(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

function systemdService(automation: Automation, command: ScheduledCommand): string {
  return [
    '[Unit]',
    `Description=${PRODUCT_NAME}: automation "${automation.name}"`,
    '',
    '[Service]',
    'Type=oneshot',
    ...Object.entries(command.env).map(([key, value]) => `Environment=${systemdWord(`${key}=${value}`)}`),
    `ExecStart=${[command.program, ...command.args].map(systemdWord).join(' ')}`,
    // A refused run (nothing to send, removals to approve) is not a unit failure to retry at once: the next trigger runs it again.
    'SuccessExitStatus=5 6',
    '',
  ].join('\n');
}

function systemdTimer(automation: Automation): string {
  const when = automation.trigger.kind === 'daily' ? [`OnCalendar=*-*-* ${automation.trigger.at}:00`, 'Persistent=true'] : ['OnBootSec=2min', `OnUnitActiveSec=${automation.trigger.everyMinutes}min`];
  return ['[Unit]', `Description=${PRODUCT_NAME}: when automation "${automation.name}" runs`, '', '[Timer]', ...when, '', '[Install]', 'WantedBy=timers.target', ''].join('\n');
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function launchAgentPlist(automation: Automation, command: ScheduledCommand, label: string, log: string): string {
  const string = (value: string) => `<string>${xml(value)}</string>`;
  const when =
    automation.trigger.kind === 'daily'
      ? (() => {
          const [hour, minute] = automation.trigger.at.split(':').map(Number);
          return `  <key>StartCalendarInterval</key>\n  <dict>\n    <key>Hour</key>\n    <integer>${hour}</integer>\n    <key>Minute</key>\n    <integer>${minute}</integer>\n  </dict>`;
        })()
      : `  <key>StartInterval</key>\n  <integer>${automation.trigger.everyMinutes * 60}</integer>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  ${string(label)}
  <key>ProgramArguments</key>
  <array>
${[command.program, ...command.args].map((arg) => `    ${string(arg)}`).join('\n')}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
${Object.entries(command.env)
  .map(([key, value]) => `    <key>${xml(key)}</key>\n    ${string(value)}`)
  .join('\n')}
  </dict>
${when}
  <key>StandardOutPath</key>
  ${string(log)}
  <key>StandardErrorPath</key>
  ${string(log)}
</dict>
</plist>
`;
}

/** Windows quoting of one argument (CommandLineToArgvW's rules). */
function windowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

function taskSchedulerXml(automation: Automation, command: ScheduledCommand): string {
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const trigger =
    automation.trigger.kind === 'daily'
      ? `    <CalendarTrigger>
      <StartBoundary>${day}T${automation.trigger.at}:00</StartBoundary>
      <Enabled>true</Enabled>
      <ScheduleByDay>
        <DaysInterval>1</DaysInterval>
      </ScheduleByDay>
    </CalendarTrigger>`
      : `    <TimeTrigger>
      <StartBoundary>${day}T00:00:00</StartBoundary>
      <Enabled>true</Enabled>
      <Repetition>
        <Interval>PT${automation.trigger.everyMinutes}M</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
    </TimeTrigger>`;
  // Task Scheduler has no per-task environment: the config folder goes as txp's own variable through cmd's set.
  const env = Object.entries(command.env);
  const direct = env.length === 0;
  const program = direct ? command.program : 'cmd.exe';
  const args = direct
    ? command.args.map(windowsArg).join(' ')
    : `/d /c "${env.map(([key, value]) => `set "${key}=${value}"&& `).join('')}${[command.program, ...command.args].map(windowsArg).join(' ')}"`;
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>${xml(`${PRODUCT_NAME}: automation "${automation.name}"`)}</Description>
  </RegistrationInfo>
  <Triggers>
${trigger}
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT2H</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${xml(program)}</Command>
      <Arguments>${xml(args)}</Arguments>
    </Exec>
  </Actions>
</Task>
`;
}

/** A POSIX shell word. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const CRON_MARK = '# txp-automation:';

function cronLine(automation: Automation, command: ScheduledCommand, log: string): string {
  const when = automation.trigger.kind === 'daily' ? `${Number(automation.trigger.at.slice(3))} ${Number(automation.trigger.at.slice(0, 2))} * * *` : cronEvery(automation.trigger.everyMinutes);
  const env = Object.entries(command.env).map(([key, value]) => `${key}=${shellWord(value)}`);
  // cron reads % as a newline: none may stand unescaped in the command.
  const run = [...env, ...[command.program, ...command.args].map(shellWord)].join(' ').replace(/%/g, '\\%');
  return `${when} ${run} >> ${shellWord(log).replace(/%/g, '\\%')} 2>&1 ${CRON_MARK}${automationSlug(automation.name)}`;
}

function cronEvery(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return `0 */${Math.min(hours, 23)} * * *`;
}

type Run = (program: string, args: string[], input?: string) => Promise<string>;

const runProgram: Run = (program, args, input) =>
  new Promise((resolve, reject) => {
    const child = execFile(program, args, { timeout: 30_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    if (input !== undefined) child.stdin?.end(input);
  });

/**
 * An automation's OS task, running this package's bin/txp.mjs with the config folder `configDir`:
 * named in the task (a scheduler's environment is not the shell's, so XDG_CONFIG_HOME may differ),
 * except on Windows, where it is %APPDATA%'s unless the user chose another (`configDirChosen`).
 */
export function automationTask(kind: SchedulerKind, automation: Automation, configDir: string, configDirChosen: boolean): ScheduleDefinition {
  const named = configDirChosen || kind !== 'windows' ? configDir : undefined;
  return scheduleDefinition(kind, automation, scheduledCommand(automation, join(packageRoot(), 'bin', 'txp.mjs'), named), configDir);
}

/** The definition as far as uninstalling needs it (its files, its calls, its crontab mark): no command is needed to take a task away. */
export function removalDefinition(kind: SchedulerKind, automation: Automation, configDir: string, home = homedir()): ScheduleDefinition {
  return scheduleDefinition(kind, automation, { program: 'txp', args: [], env: {} }, configDir, home);
}

/** Writes the definition and registers it with its scheduler. */
export async function installSchedule(definition: ScheduleDefinition, run: Run = runProgram): Promise<void> {
  await mkdir(definition.logDir, { recursive: true });
  for (const file of definition.files) {
    await mkdir(join(file.path, '..'), { recursive: true });
    await writeFile(file.path, file.encoding === 'utf16le' ? `\ufeff${file.text}` : file.text, file.encoding ?? 'utf8');
  }
  if (definition.kind === 'cron' && definition.cronLine) {
    const mark = definition.cronLine.slice(definition.cronLine.indexOf(CRON_MARK));
    const current = await crontab(run);
    await run('crontab', ['-'], withoutLine(current, mark) + definition.cronLine + '\n');
  }
  try {
    for (const command of definition.register) await schedulerCall(run, command);
  } catch (error) {
    // Nothing half-installed: a definition the scheduler did not take is not left behind.
    for (const file of definition.files) await rm(file.path, { force: true });
    throw error;
  }
}

/** Unregisters it and removes its files (what is not there is not an error). */
export async function uninstallSchedule(definition: ScheduleDefinition, run: Run = runProgram): Promise<void> {
  for (const command of definition.unregister) await schedulerCall(run, command).catch(() => undefined);
  for (const file of definition.files) await rm(file.path, { force: true });
  if (definition.kind === 'cron' && definition.cronLine) {
    const mark = definition.cronLine.slice(definition.cronLine.indexOf(CRON_MARK));
    const current = await crontab(run);
    if (current.includes(mark)) await run('crontab', ['-'], withoutLine(current, mark));
  }
}

async function crontab(run: Run): Promise<string> {
  try {
    return await run('crontab', ['-l']);
  } catch (error) {
    // "no crontab for USER" is an empty one; no crontab program at all is a real problem.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new TxpError(
        'UNAVAILABLE',
        'No scheduler was found on this computer (neither a systemd user session nor cron), so nothing was installed. Install cron, or keep the app open: it runs the automation while it is open.',
      );
    return '';
  }
}

function withoutLine(crontabText: string, mark: string): string {
  return crontabText
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.endsWith(mark))
    .map((line) => line + '\n')
    .join('');
}

async function schedulerCall(run: Run, command: string[]): Promise<void> {
  const [program, ...args] = command as [string, ...string[]];
  try {
    await run(program, args);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TxpError(
      'UNAVAILABLE',
      code === 'ENOENT'
        ? `The computer's scheduler could not be reached (${program} is not installed), so nothing was installed. The automation still runs while the app is open.`
        : `The computer's scheduler refused the task, so nothing was installed. Check that you are logged in to your desktop session and try again; the automation still runs while the app is open.`,
      { cause: error },
    );
  }
}
