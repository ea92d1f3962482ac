/**
 * `txp results NAME --account A [--wait] [FILE [mapping options] [--keyword KW] [--results OUT]] [--json]`:
 * the results of an earlier upload, the way TextPower gives them. Has TextPower processed NAME
 * (it left the drop folder)? With the source FILE (planned as the send planned it), the
 * per-number status from TextPower's web service too, joined to the file's rows.
 */
import { SANDBOX_ACCOUNT } from '../../../shared/accounts/account';
import { TxpError } from '../../../shared/txp-error';
import { recordList } from '../../checking/send-record';
import { accountForCommand } from '../../jobs/app-services';
import { followPlan, planList } from '../../mapping/plan-list';
import { readHistory } from '../../sending/upload-history';
import { existsSync } from 'node:fs';
import { collectResults } from '../../results/collect-results';
import { exportResults } from '../../results/join-results';
import { waitProcessed } from '../../results/wait-processed';
import { accountConnector } from '../../sending/sftp-session';
import { MAPPING_OPTIONS, parseOrUsage, planRequestFromArgs, type CliIo } from '../cli-args';
import { cliServices } from '../cli-services';
import { stdinSecrets } from './account';
import { resultsSummary, resultsTable } from './send';

export async function resultsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, {
    ...MAPPING_OPTIONS,
    account: { type: 'string' },
    keyword: { type: 'string' },
    wait: { type: 'boolean' },
    results: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'api-password-stdin': { type: 'boolean' },
  });
  const [name, file, ...extra] = positionals;
  if (!name || extra.length > 0 || !values.account) throw new TxpError('USAGE', 'txp results NAME --account A [--wait] [FILE [mapping options] [--results OUT.csv|OUT.xlsx]]');
  const services = await cliServices(io);
  const { account, secret, apiPassword } = await accountForCommand(services, {
    account: values.account,
    ...stdinSecrets(io, values['password-stdin'] === true, values['api-password-stdin'] === true),
  });
  const timeoutMs = values.wait ? 30 * 60_000 : 0;
  const remoteName = name.replace(/\.results\.csv$/, '');
  // Ctrl-C stops the run; what the service answered so far is kept, and the same command resumes.
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    // Without FILE, the upload's own entry in the history names its file and plan (when it still exists).
    const sent = file ? null : (await readHistory(services.configDir)).reverse().find((e) => e.remoteName === remoteName && e.account === account.name && e.outcome === 'uploaded');
    const fromHistory = sent?.sourcePath && sent.plan && existsSync(sent.sourcePath) ? { path: sent.sourcePath, plan: sent.plan } : null;
    if (values.results && !file && !fromHistory)
      throw new TxpError('USAGE', `--results needs the source FILE: the results are joined to its rows, and the history does not know where the file of ${remoteName} is now.`);
    if (!file && !fromHistory) {
      const processed = await waitProcessed({ connect: accountConnector(account, secret), uploadDir: account.uploadDir, remoteName, timeoutMs, signal: controller.signal });
      if (values.json) io.stdout(JSON.stringify({ remoteName, processed }, null, 2) + '\n');
      else
        io.stdout(
          processed.processed
            ? `${remoteName} has been processed: it is no longer in the drop folder. For per-number status, give the source file (the history does not know where it is now): txp results ${remoteName} --account "${account.name}" FILE\n`
            : `${remoteName} is still in the drop folder: TextPower has not processed it yet. Try again later${values.wait ? '' : ', or add --wait'}.\n`,
        );
      return 0;
    }
    const list = fromHistory ? await followPlan(fromHistory.path, fromHistory.plan) : await planFromArgs(file as string, values, services.profiles);
    // The same checker the send ran, under the same plan: the numbers the send wrote.
    const record = await recordList(list);
    const collected = await collectResults({
      list,
      record,
      account,
      secret,
      apiPassword,
      remoteName,
      keyword: values.keyword ?? sent?.keyword ?? account.keyword,
      serviceSource: account.name === SANDBOX_ACCOUNT ? 'sandbox' : 'textpower',
      configDir: services.configDir,
      signal: controller.signal,
      timeoutMs,
      ...(values.results ? { cells: true } : { limit: 40 }),
    });
    if (values.results) await exportResults(values.results, list, collected.numbers);
    if (values.json)
      io.stdout(JSON.stringify({ remoteName, processed: collected.processed, statusSource: collected.statusSource, statusNote: collected.statusNote, results: collected.counts }, null, 2) + '\n');
    else io.stdout(resultsSummary(collected, collected.statusSource === 'sandbox') + resultsTable(collected.numbers, collected.total, collected.counts));
    return 0;
  } catch (error) {
    if (controller.signal.aborted && error instanceof TxpError && error.code === 'CANCELED')
      throw new TxpError('CANCELED', `Stopped. The answers had so far are kept: run the same command again to go on from there.`);
    throw error;
  } finally {
    process.removeListener('SIGINT', cancel);
    process.removeListener('SIGTERM', cancel);
    await services.close();
  }
}

/** The FILE given on the command line, planned from its mapping options as the send planned it. */
function planFromArgs(file: string, values: Parameters<typeof planRequestFromArgs>[0], profiles: Parameters<typeof planList>[2]) {
  const { request, resolveColumns } = planRequestFromArgs(values);
  return planList(file, request, profiles, resolveColumns);
}
