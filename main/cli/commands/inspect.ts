import { rowDisposition } from '../../../shared/mapping/detect-header-row';
import { planColumnLabel } from '../../../shared/mapping/list-plan';
import { openTable } from '../../reading/open-table';
import { analyzeLayout } from '../../mapping/table-layout';
import { parseCountry } from '../../mapping/plan-list';
import { describeTable } from '../../jobs/pipeline-tasks';
import { oneFile, parseOrUsage, type CliIo } from '../cli-args';

/** `txp inspect FILE [--sheet NAME] [--country CC] [--json]` */
export async function inspectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { sheet: { type: 'string' }, country: { type: 'string' }, json: { type: 'boolean' } });
  const path = oneFile(positionals, 'inspect');
  const table = await openTable(path, values.sheet === undefined ? {} : { sheet: values.sheet });
  const layout = analyzeLayout(table, parseCountry(values.country ?? 'US'));
  let rowCount = 0;
  let index = 0;
  // Counting needs no cell's text: only whether a row is blank or a summary, which a row read
  // without any column still tells (see CsvParser's columns).
  for await (const batch of table.rows({ columns: [] })) {
    for (const row of batch) {
      if (index++ >= layout.dataStart && rowDisposition(row) === 'data') rowCount++;
    }
  }
  const result = { ...describeTable(table, layout), rowCount };
  if (values.json) {
    io.stdout(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }
  const lines = [
    `${result.file}: ${result.format.toUpperCase()}${result.encoding ? `, ${result.encoding}` : ''}${result.delimiter ? `, delimiter ${printable(result.delimiter)}` : ''}`,
    ...(result.sheets.length > 0 ? [`Sheets: ${result.sheets.join(', ')} (reading "${result.sheet}")`] : []),
    `Header row: ${result.headerRow ?? 'none'}   Data rows: ${rowCount.toLocaleString('en-US')}`,
    `Suggested mode: ${result.suggestion.mode}; phone: ${result.suggestion.phone.map(planColumnLabel).join(', ') || '(none found)'}; tags: ${result.suggestion.tags.map(planColumnLabel).join(', ') || '(none)'}`,
    ...(result.suggestion.removeWhen ? [`Removals: ${planColumnLabel(result.suggestion.removeWhen.column)} ${result.suggestion.removeWhen.reason} (off with --remove-when none)`] : []),
    '',
    'Columns:',
    ...result.columns.map(
      (c) =>
        `  #${c.index} ${c.header || '(no header)'} [${c.role}] ${c.samples
          .slice(0, 3)
          .map((s) => JSON.stringify(s))
          .join(', ')}`,
    ),
  ];
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}
