import { writeFile } from 'node:fs/promises';
import { csvRow } from '../../../shared/formats/csv-text';
import { columnLabel } from '../../../shared/mapping/column-ref';
import { TxpError } from '../../../shared/txp-error';
import { APP_VERSION } from '../../app-meta';
import { cliProfiles } from '../cli-services';
import { planList, type PreparedList } from '../../mapping/plan-list';
import { nothingToSend, runListCheck } from '../../checking/run-list-check';
import { withAtomicFile } from '../../writing/atomic-file-writer';
import { preformattedHeader, REPORT_HEADER, reportRow } from '../../writing/preformatted-file';
import { terminalProgress } from '../terminal-progress';
import { MAPPING_OPTIONS, oneFile, parseOrUsage, planRequestFromArgs, type CliIo } from '../cli-args';
import { checkJson, humanSummary } from './check';

/** `txp convert FILE -o OUT.csv [mapping options] [--header] [--report OUT.csv] [--manifest OUT.json]` */
export async function convertCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, {
    ...MAPPING_OPTIONS,
    output: { type: 'string', short: 'o' },
    header: { type: 'boolean' },
    report: { type: 'string' },
    manifest: { type: 'string' },
  });
  const path = oneFile(positionals, 'convert');
  if (!values.output) throw new TxpError('USAGE', 'txp convert needs -o OUT.csv, the Preformatted file to write.');
  const { request, resolveColumns } = planRequestFromArgs(values);
  const list = await planList(path, request, cliProfiles(io), resolveColumns);
  const progress = terminalProgress(io, `Converting ${list.table.file}`, list.table.estimatedRows, values.json === true);
  const summary = await withAtomicFile(values.output, async (out) => {
    const checked = await withAtomicFile(values.report, async (report) => {
      if (values.header) out?.write(csvRow(preformattedHeader(list)));
      report?.write(csvRow(REPORT_HEADER));
      return runListCheck(list, {
        row: (number, tags) => out?.writeRow(number, tags),
        ...(report ? { problem: (p) => report.write(reportRow(p)) } : {}),
        afterBatch: async () => {
          await out?.flush();
          await report?.flush();
        },
        ...(progress.rows ? { progress: progress.rows } : {}),
      });
    });
    // The report is kept (it says why); the empty upload file is not.
    if (checked.written === 0) throw nothingToSend(list, checked, `${values.output} was not written.`);
    return checked;
  }).finally(() => progress.done());
  if (values.manifest) await writeFile(values.manifest, JSON.stringify(fieldMap(list), null, 2) + '\n');
  if (values.json) io.stdout(JSON.stringify({ ...checkJson(list, summary), output: values.output }, null, 2) + '\n');
  else io.stdout(humanSummary(list, summary) + `Wrote ${summary.written.toLocaleString('en-US')} rows to ${values.output}.\n`);
  return 0;
}

/** The field map for the service's one-time ALP set-up (DESIGN.md §3). */
export function fieldMap(list: PreparedList) {
  const { mapping, layout, table } = list;
  const column = (index: number) => ({ column: index + 1, header: columnLabel(index, layout.headers) });
  return {
    kind: 'textpower-alp-field-map',
    appVersion: APP_VERSION,
    sourceFile: table.file,
    format: table.format,
    sheet: table.sheet,
    headerRow: layout.headerRow,
    mode: mapping.mode,
    phoneColumns: mapping.phone.map(column),
    tagColumns: mapping.tags.map(column),
    ignoredColumns: layout.columns
      .map((c) => c.index - 1)
      .filter((i) => !mapping.phone.includes(i) && !mapping.tags.includes(i))
      .map(column),
    defaultCountry: mapping.country,
    removeWhen: mapping.removeWhen ? { ...column(mapping.removeWhen.column), values: mapping.removeWhen.values } : null,
  };
}
