/**
 * `txp automation add NAME --folder F --profile P --account A [--keyword K] [--pattern GLOB]
 *    (--daily HH:MM | --every MINUTES) [--mirror] [--max-removal-share N] [--settle-seconds S]`
 * `txp automation list [--json]` · `remove NAME` · `run NAME [--approve-removals] [--json]`
 * `txp automation install NAME [--scheduler systemd|cron|launchd|windows] [--dry-run]` · `uninstall NAME`
 */
import { resolve } from 'node:path';
import { DEFAULT_EVERY_MINUTES, TIME_OF_DAY, type Automation, type AutomationTrigger } from '../../../shared/accounts/automation';
import { TxpError } from '../../../shared/txp-error';
import { AutomationStore } from '../../automation/automation-store';
import { automationTask, defaultScheduler, installSchedule, uninstallSchedule, type SchedulerKind } from '../../automation/os-schedule';
import { outcomeLine, runAutomation } from '../../automation/run-automation';
import { parseOrUsage, type CliIo } from '../cli-args';
import { cliServices } from '../cli-services';
import { configDir } from '../../config/config-dir';
import { AUTOMATION_OPTIONS, automationFromArgs, printReport, runStatus } from './automation-output';

const SCHEDULERS: SchedulerKind[] = ['systemd', 'cron', 'launchd', 'windows'];

export async function automationCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const store = new AutomationStore(configDir(io.env));
  switch (sub) {
    case 'add':
      return add(rest, io, store);
    case 'list':
      return list(rest, io, store);
    case 'remove':
      return remove(rest, io, store);
    case 'run':
      return run(rest, io, store);
    case 'install':
    case 'uninstall':
      return schedule(sub, rest, io, store);
    default:
      throw new TxpError('USAGE', `txp automation takes add, list, remove, run, install or uninstall${sub ? `, not "${sub}"` : ''}. Run "txp --help".`);
  }
}

function oneName(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new TxpError('USAGE', `txp automation ${what} takes one NAME (see "txp automation list").`);
  return positionals[0] as string;
}

async function add(args: string[], io: CliIo, store: AutomationStore): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { ...AUTOMATION_OPTIONS, folder: { type: 'string' }, daily: { type: 'string' }, every: { type: 'string' } });
  const name = oneName(positionals, 'add');
  if (!values.folder || !values.profile || !values.account) throw new TxpError('USAGE', 'txp automation add needs --folder FOLDER, --profile NAME and --account NAME.');
  if (values.daily !== undefined && values.every !== undefined)
    throw new TxpError('USAGE', 'Give either --daily HH:MM (send the newest file once a day) or --every MINUTES (send each new file), not both.');
  let trigger: AutomationTrigger;
  if (values.daily !== undefined) {
    if (!TIME_OF_DAY.test(values.daily)) throw new TxpError('USAGE', `--daily takes a time as HH:MM on a 24-hour clock (for example 02:00), not "${values.daily}".`);
    trigger = { kind: 'daily', at: values.daily };
  } else {
    const minutes = values.every === undefined ? DEFAULT_EVERY_MINUTES : Number(values.every);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw new TxpError('USAGE', `--every takes whole minutes from 1 to 1440, not "${values.every}".`);
    trigger = { kind: 'new-file', everyMinutes: minutes };
  }
  const services = await cliServices(io);
  try {
    await services.profiles.get(values.profile);
    await services.accounts.store.get(values.account);
  } finally {
    await services.close();
  }
  const automation = automationFromArgs({ ...values, profile: values.profile, account: values.account }, { name, folder: resolve(values.folder), trigger });
  await store.save(automation);
  io.stdout(
    `Saved automation "${name}": ${describe(automation)}.\nRun it now with: txp automation run ${quoted(name)}\nHave the system run it, also while the app is closed, with: txp automation install ${quoted(name)}\n`,
  );
  return 0;
}

function quoted(name: string): string {
  return /\s/.test(name) ? `"${name}"` : name;
}

export function describe(a: Automation): string {
  const when = a.trigger.kind === 'daily' ? `every day at ${a.trigger.at}, the newest` : `each new`;
  const mirror = a.mirror ? `, mirror mode on (stops above ${Math.round(a.maxRemovalShare * 100)} % removals)` : '';
  return `${when} ${a.pattern === '*' ? 'file' : `"${a.pattern}" file`} in ${a.folder}, with profile "${a.profile}", to ${a.account}${a.keyword ? ` / ${a.keyword}` : ''}${mirror}`;
}

async function list(args: string[], io: CliIo, store: AutomationStore): Promise<number> {
  const { values } = parseOrUsage(args, { json: { type: 'boolean' } });
  const automations = await store.list();
  if (values.json) io.stdout(JSON.stringify(automations, null, 2) + '\n');
  else if (automations.length === 0) io.stdout('No automation yet. Add one with "txp automation add NAME --folder F --profile P --account A".\n');
  else for (const a of automations) io.stdout(`${a.name}: ${describe(a)}\n`);
  return 0;
}

async function remove(args: string[], io: CliIo, store: AutomationStore): Promise<number> {
  const { positionals } = parseOrUsage(args, {});
  const automation = await store.get(oneName(positionals, 'remove'));
  // Its system task goes with it: a task left behind would run an automation that no longer exists.
  if (automation.installedWith) await uninstallSchedule(definitionFor(io, automation, automation.installedWith));
  await store.remove(automation.name);
  io.stdout(`Removed automation "${automation.name}", and its system task if it had one. The files in its folder stay as they are.\n`);
  return 0;
}

async function run(args: string[], io: CliIo, store: AutomationStore): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { 'approve-removals': { type: 'boolean' }, json: { type: 'boolean' } });
  const automation = await store.get(oneName(positionals, 'run'));
  const services = await cliServices(io);
  try {
    const json = values.json === true;
    const report = await runAutomation(services, automation, {
      ...(values['approve-removals'] ? { approveRemovals: true } : {}),
      ...(json ? {} : { onFile: (outcome) => io.stdout(`${new Date().toISOString()} ${outcomeLine(outcome)}\n`) }),
    });
    printReport(io, report, json);
    return runStatus(report);
  } finally {
    await services.close();
  }
}

async function schedule(what: 'install' | 'uninstall', args: string[], io: CliIo, store: AutomationStore): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { scheduler: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const automation = await store.get(oneName(positionals, what));
  if (values.scheduler !== undefined && !SCHEDULERS.includes(values.scheduler as SchedulerKind)) throw new TxpError('USAGE', `--scheduler takes ${SCHEDULERS.join(', ')}, not "${values.scheduler}".`);
  const kind = (values.scheduler as SchedulerKind | undefined) ?? (what === 'uninstall' ? automation.installedWith : undefined) ?? (await defaultScheduler());
  const definition = definitionFor(io, automation, kind);
  if (values['dry-run']) {
    for (const file of definition.files) io.stdout(`# ${file.path}\n${file.text}\n`);
    if (definition.cronLine) io.stdout(`# crontab line\n${definition.cronLine}\n`);
    for (const call of what === 'install' ? definition.register : definition.unregister) io.stdout(`# then: ${call.join(' ')}\n`);
    return 0;
  }
  if (what === 'install') {
    await installSchedule(definition);
    await store.save({ ...automation, installedWith: kind });
    io.stdout(
      `Installed "${automation.name}" with ${schedulerWords(kind)}: it runs ${automation.trigger.kind === 'daily' ? `every day at ${automation.trigger.at}` : `every ${automation.trigger.everyMinutes} minutes`}, also while the app is closed. Its output goes to ${definition.logDir}.\n`,
    );
  } else {
    await uninstallSchedule(definition);
    await store.save({ ...automation, installedWith: null });
    io.stdout(`Removed the system task of "${automation.name}" from ${schedulerWords(kind)}.\n`);
  }
  return 0;
}

/** The OS task of an automation, with the config folder this command uses (chosen by TXP_CONFIG_DIR, or the platform's). */
function definitionFor(io: CliIo, automation: Automation, kind: SchedulerKind) {
  return automationTask(kind, automation, configDir(io.env), Boolean((io.env ?? process.env)['TXP_CONFIG_DIR']));
}

function schedulerWords(kind: SchedulerKind): string {
  return { systemd: 'a systemd user timer', cron: 'your crontab', launchd: 'a LaunchAgent', windows: 'Windows Task Scheduler' }[kind];
}
