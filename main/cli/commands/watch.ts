/**
 * `txp watch FOLDER --profile P --account A [--keyword K] [--pattern GLOB] [--mirror]
 *  [--max-removal-share N] [--settle-seconds S] [--once] [--approve-removals] [--password-stdin] [--json]`
 */
import { resolve } from 'node:path';
import { DEFAULT_EVERY_MINUTES } from '../../../shared/accounts/automation';
import { toTxpError, TxpError } from '../../../shared/txp-error';
import { outcomeLine, runAutomation } from '../../automation/run-automation';
import { watchFolder } from '../../automation/watch-folder';
import { parseOrUsage, untilInterrupted, type CliIo } from '../cli-args';
import { cliServices } from '../cli-services';
import { stdinSecrets } from './account';
import { AUTOMATION_OPTIONS, automationFromArgs, printReport, runStatus } from './automation-output';

export async function watchCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, {
    ...AUTOMATION_OPTIONS,
    once: { type: 'boolean' },
    'approve-removals': { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new TxpError('USAGE', 'txp watch takes one FOLDER. Run "txp --help".');
  if (!values.profile || !values.account) throw new TxpError('USAGE', 'txp watch needs --profile NAME (the saved mapping to apply) and --account NAME (where to send).');
  const folder = resolve(positionals[0] as string);
  const automation = automationFromArgs(
    { ...values, profile: values.profile, account: values.account },
    { name: `watch ${folder}`, folder, trigger: { kind: 'new-file', everyMinutes: DEFAULT_EVERY_MINUTES } },
  );
  const services = await cliServices(io);
  try {
    await services.profiles.get(automation.profile);
    await services.accounts.store.get(automation.account);
    const secrets = stdinSecrets(io, values['password-stdin'] === true, false);
    const secret = secrets.secret ? await secrets.secret() : null;
    const json = values.json === true;
    // A line per file as it is done; with --json, a JSON line per file while watching, and the whole report with --once.
    const onFile = (outcome: Parameters<typeof outcomeLine>[0]) => io.stdout((json ? JSON.stringify(outcome) : outcomeLine(outcome)) + '\n');
    const options = {
      secret,
      approveHint: 'If the export is complete, send it once with the same txp watch command and --once --approve-removals. The file stays where it is.',
      ...(values['approve-removals'] ? { approveRemovals: true } : {}),
      ...(json && values.once ? {} : { onFile }),
    };
    if (values.once) {
      const report = await runAutomation(services, automation, options);
      printReport(io, report, json);
      return runStatus(report);
    }
    const controller = new AbortController();
    const stopped = untilInterrupted(async () => controller.abort());
    const watch = watchFolder(services, automation, {
      ...options,
      signal: controller.signal,
      onError: (error) => io.stderr(`txp: ${toTxpError(error).message}\n`),
    });
    await watch.ready;
    if (!json) io.stdout(`Watching ${folder} for ${automation.pattern === '*' ? 'files' : automation.pattern}. Press Ctrl-C to stop.\n`);
    await stopped;
    await watch.close();
    return 0;
  } finally {
    await services.close();
  }
}
