/**
 * One benchmark task in its own process, so that its peak memory is its own:
 * `tsx test/bench/measure.ts TASK FILE` prints {task, ms, rows, peakRssMb} as JSON.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { checkCommand } from '../../main/cli/commands/check';
import { convertCommand } from '../../main/cli/commands/convert';
import { openTable } from '../../main/reading/open-table';
import { detectTextEncoding } from '../../main/reading/text-encoding';
import { readTextRows } from '../../main/reading/read-text-table';
import { analyzeLayout } from '../../main/mapping/table-layout';
import { PipelineRunner } from '../../main/jobs/pipeline-runner';
import { TableRows } from '../../main/reading/table-rows';

const [task, file] = process.argv.slice(2) as [string, string];
const started = performance.now();
let rows = 0;

switch (task) {
  case 'papaparse-stream': {
    // The best-known streaming CSV parser for JavaScript, as the peer of our parse floor.
    await new Promise<void>((resolve, reject) => {
      Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as unknown as File, {
        chunk: (result: Papa.ParseResult<unknown>) => void (rows += result.data.length),
        complete: () => resolve(),
        error: reject,
      });
    });
    break;
  }
  case 'parse-floor': {
    const encoding = await detectTextEncoding(file);
    for await (const batch of readTextRows(file, encoding, ',')) rows += batch.length;
    break;
  }
  case 'inspect-preview': {
    const table = await openTable(file);
    rows = analyzeLayout(table, 'US').columns.length > 0 ? table.sample.length : 0;
    break;
  }
  case 'grid-load': {
    // What the preview grid does: a worker reads every row, main keeps them for scrolling.
    const runner = new PipelineRunner();
    const kept = new TableRows();
    kept.begin(file, undefined);
    const result = await runner.load(
      'bench',
      { path: file },
      () => undefined,
      (batch) => kept.add(file, undefined, batch),
    );
    kept.finish(file, undefined, true);
    rows = kept.window(file, undefined, result.rows - 1, 1).loaded;
    break;
  }
  case 'papaparse-all-rows': {
    // The usual way a grid gets a CSV: papaparse reads it whole into arrays in memory.
    rows = Papa.parse<string[]>(readFileSync(file, 'utf8'), { skipEmptyLines: true }).data.length;
    break;
  }
  case 'sheetjs-preview': {
    // SheetJS's own way to the first rows of a workbook, the peer of our preview.
    const workbook = XLSX.read(readFileSync(file), { type: 'buffer', sheetRows: 100, dense: true });
    rows = XLSX.utils.sheet_to_json(workbook.Sheets[workbook.SheetNames[0] as string] as XLSX.WorkSheet, { header: 1 }).length;
    break;
  }
  case 'exceljs-stream': {
    // exceljs's streaming reader, the usual way to read a big workbook row by row in Node, as
    // the peer of our XLSX convert: every row of every sheet, shared strings and styles kept
    // (without styles no date could be told from a number).
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
    for await (const worksheet of reader) for await (const row of worksheet) if (row) rows++;
    break;
  }
  case 'check':
  case 'convert': {
    // Exactly what `txp check FILE --json` and `txp convert FILE -o OUT.csv --json` run, in this process.
    const config = mkdtempSync(join(tmpdir(), 'txp-bench-'));
    try {
      let json = '';
      const io = { stdout: (text: string) => void (json += text), stderr: (text: string) => process.stderr.write(text), env: { TXP_CONFIG_DIR: config } };
      const args = task === 'convert' ? [file, '-o', join(config, 'out.csv'), '--json'] : [file, '--json'];
      const status = await (task === 'convert' ? convertCommand : checkCommand)(args, io);
      if (status !== 0) throw new Error(`txp ${task} ended with ${status}`);
      rows = (JSON.parse(json) as { rows: number }).rows;
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
    break;
  }
  default:
    throw new Error(`unknown task ${task}`);
}

console.log(JSON.stringify({ task, ms: Math.round(performance.now() - started), rows, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
