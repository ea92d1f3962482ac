/**
 * `txp send FILE (--account NAME | --sandbox) [--keyword KW] [mapping options] [--password-stdin]
 *  [--wait] [--results OUT.csv|OUT.xlsx] [--json]`
 */
import { TxpError } from '../../../shared/txp-error';
import { exportResults, type JoinedNumber, type ResultCounts } from '../../results/join-results';
import { collectResults, type CollectedResults } from '../../results/collect-results';
import { SOURCE_WORDS } from '../../../shared/results/opt-status';
import { sendList, sendReport } from '../../jobs/send-list';
import { terminalProgress } from '../terminal-progress';
import { MAPPING_OPTIONS, oneFile, parseOrUsage, planRequestFromArgs, type CliIo } from '../cli-args';
import { planList } from '../../mapping/plan-list';
import { accountForCommand } from '../../jobs/app-services';
import { cliServices } from '../cli-services';
import { stdinSecrets } from './account';

export async function sendCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, {
    ...MAPPING_OPTIONS,
    account: { type: 'string' },
    sandbox: { type: 'boolean' },
    keyword: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'api-password-stdin': { type: 'boolean' },
    wait: { type: 'boolean' },
    results: { type: 'string' },
    drop: { type: 'string' },
  });
  if (values.drop !== undefined && values.drop !== 'alp' && values.drop !== 'preformatted') throw new TxpError('USAGE', `--drop must be preformatted or alp, not "${values.drop}".`);
  const path = oneFile(positionals, 'send');
  if (Boolean(values.account) === Boolean(values.sandbox)) throw new TxpError('USAGE', 'txp send needs either --account NAME (see "txp account list") or --sandbox.');
  if (values.results && !values.wait) throw new TxpError('USAGE', '--results needs --wait: the results come from the service after it has processed the upload.');
  const { request, resolveColumns } = planRequestFromArgs(values);
  const services = await cliServices(io);
  const dir = services.configDir;
  const keywordOption = values.keyword;
  const { account, secret, apiPassword, sandbox } = await accountForCommand(services, {
    ...(values.account !== undefined ? { account: values.account } : {}),
    ...(values.sandbox ? { sandbox: true } : {}),
    ...stdinSecrets(io, values['password-stdin'] === true, values['api-password-stdin'] === true),
  });
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  // Progress lines every second, after the first second (a small upload prints none).
  let lastLine = Date.now();
  const list = await planList(path, request, services.profiles, resolveColumns);
  const checking = terminalProgress(io, `Checking ${list.table.file}`, list.table.estimatedRows, values.json === true);
  try {
    const result = await sendList({
      list,
      ...(checking.rows ? { onCheckProgress: checking.rows } : {}),
      account,
      secret,
      keyword: values.keyword ?? account.keyword,
      keywordHint: `Give it with --keyword KW, or save one with the account (txp account add ${account.name} … --keyword KW).`,
      configDir: dir,
      ...(values.drop === 'alp' ? { drop: 'alp' as const } : {}),
      signal: controller.signal,
      onProgress: (p) => {
        checking.done();
        if (values.json || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        io.stderr(
          `  ${(p.bytes / 1048576).toFixed(1)} of ${(p.total / 1048576).toFixed(1)} MB, ${(p.rate / 1048576).toFixed(1)} MB/s${p.etaSeconds !== null ? `, ${Math.ceil(p.etaSeconds)} s left` : ''}\n`,
        );
      },
      onRetry: (attempt, delay, error) => io.stderr(`txp: ${error.message} Trying again in ${Math.round(delay / 1000)} s (attempt ${attempt + 1}).\n`),
    });
    const sent = { ...sendReport(result), sha256: result.sha256, summary: result.summary };
    if (!values.json) {
      io.stdout(
        `Sent ${result.numbers.toLocaleString('en-US')} numbers to ${sandbox ? 'the sandbox' : account.host} as ${result.remotePath} (${result.bytes.toLocaleString('en-US')} bytes in ${result.seconds.toFixed(1)} s).\n`,
      );
    }
    if (!values.wait) {
      if (values.json) io.stdout(JSON.stringify(sent, null, 2) + '\n');
      return 0;
    }
    if (!values.json) io.stdout(`Waiting for ${sandbox ? 'the sandbox' : 'TextPower'} to process it (the file leaves the drop folder when it is done)…\n`);
    const collected = await collectResults({
      list: result.list,
      record: result.record,
      account,
      secret,
      apiPassword,
      remoteName: result.remoteName,
      keyword: keywordOption ?? account.keyword,
      serviceSource: sandbox ? 'sandbox' : 'textpower',
      configDir: dir,
      signal: controller.signal,
      ...(sandbox ? { intervalMs: 200, maxIntervalMs: 1000 } : {}),
      // The table shows the first 40 numbers; an export holds them all, with their rows.
      ...(values.results ? { cells: true } : { limit: 40 }),
      onProgress: (phase, done, total) => {
        if (values.json || phase !== 'status' || total === null || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        io.stderr(`  status of ${done} of ${total} numbers asked\n`);
      },
    });
    if (values.results) await exportResults(values.results, result.list, collected.numbers);
    const summary = resultsSummary(collected, sandbox !== null);
    if (values.json) {
      io.stdout(
        JSON.stringify(
          {
            ...sent,
            simulated: sandbox !== null,
            processed: collected.processed,
            statusSource: collected.statusSource,
            statusNote: collected.statusNote,
            results: collected.counts,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stdout(summary + resultsTable(collected.numbers, collected.total, collected.counts));
      if (values.results) io.stdout(`Wrote the results joined to your rows to ${values.results}.\n`);
    }
    // Sent, and processing not confirmed yet, is not a failure: the summary says how to check later.
    return 0;
  } finally {
    checking.done();
    process.removeListener('SIGINT', cancel);
    await sandbox?.close();
    await services.close();
  }
}

/** What the results are and where they come from, for people. */
export function resultsSummary(collected: CollectedResults, simulated: boolean): string {
  const lines = [''];
  lines.push(
    collected.processed.processed
      ? `${simulated ? 'The sandbox (simulated)' : 'TextPower'} processed the file at ${collected.processed.at} (it left the drop folder).`
      : `Processing is not confirmed yet: the file is still in the drop folder after ${collected.processed.waitedSeconds} s.`,
  );
  lines.push(
    collected.statusSource === 'none'
      ? (collected.statusNote ?? 'Per-number status is not available.')
      : `Per-number opt status from ${SOURCE_WORDS[collected.statusSource]}${simulated ? ': SIMULATED by the local sandbox, not by TextPower' : ''}.`,
  );
  return lines.join('\n') + '\n';
}

/** The per-number table (first 40 rows) and the counts, for people. */
export function resultsTable(numbers: readonly JoinedNumber[], total: number, counts: ResultCounts): string {
  const shown = numbers.slice(0, 40);
  const widths = [5, 14, 14, 10, 18, 24];
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 10))
      .join(' ')
      .trimEnd() + '\n';
  let out = '\nResults:\n';
  out += line(['Row', 'Column', 'Number', 'Line type', 'Opt status', 'Status from']);
  for (const n of shown) out += line([String(n.row), n.column.slice(0, 14), (n.phone ?? n.value).slice(0, 14), n.lineType, n.optStatus, SOURCE_WORDS[n.source]]);
  if (total > shown.length) out += `… and ${total - shown.length} more (use --results OUT.csv for all)\n`;
  const summary = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${key} ${count}`)
      .join(', ');
  out += `\nLine types: ${summary(counts.lineTypes)}\nOpt status: ${summary(counts.optStatus)}\nWhat happened: ${summary(counts.details)}\n`;
  return out;
}
