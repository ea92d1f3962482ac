/** `txp results NAME --account A [--wait] [--results OUT.csv|OUT.xlsx] [--password-stdin] [--json]`: results of an earlier upload. */
import { writeFile } from 'node:fs/promises';
import * as XLSX from 'xlsx';
import { csvRow, neutralizeFormula } from '../../../shared/formats/csv-text';
import { RESULT_HEADER } from '../../../shared/results/result-file';
import { TxpError } from '../../../shared/txp-error';
import { accountForCommand } from '../../jobs/app-services';
import { cliServices } from '../cli-services';
import { withAtomicFile } from '../../writing/atomic-file-writer';
import { fetchResults } from '../../results/fetch-results';
import { accountConnector } from '../../sending/sftp-session';
import { parseOrUsage, type CliIo } from '../cli-args';
import { readSecret } from './account';

export async function resultsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, {
    account: { type: 'string' },
    wait: { type: 'boolean' },
    results: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1 || !values.account) throw new TxpError('USAGE', 'txp results NAME --account A [--wait] [--results OUT.csv|OUT.xlsx]');
  const { account, secret } = await accountForCommand(await cliServices(io), { account: values.account, ...(values['password-stdin'] ? { secret: () => readSecret(io) } : {}) });
  const results = await fetchResults({
    connect: accountConnector(account, secret),
    resultsDir: account.resultsDir,
    remoteName: name.replace(/\.results\.csv$/, ''),
    // Without --wait: one look, no waiting.
    timeoutMs: values.wait ? 10 * 60_000 : 0,
  });
  const rows = [RESULT_HEADER.split(','), ...results.map((r) => [r.phone, r.lineType, r.optStatus, r.detail])];
  if (values.results) {
    if (/\.xlsx$/i.test(values.results)) {
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows.map((row) => row.map(neutralizeFormula))), 'Results');
      await writeFile(values.results, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    } else {
      await withAtomicFile(values.results, async (out) => {
        for (const row of rows) out?.write(csvRow(row, { forPeople: true }));
      });
    }
  }
  const count = (key: 'lineType' | 'optStatus') => results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r[key]]: (acc[r[key]] ?? 0) + 1 }), {});
  if (values.json) io.stdout(JSON.stringify({ remoteName: name, numbers: results.length, lineTypes: count('lineType'), optStatus: count('optStatus'), results }, null, 2) + '\n');
  else io.stdout(results.map((r) => `${r.phone || '(invalid)'}  ${r.lineType}  ${r.optStatus}  ${r.detail}`).join('\n') + '\n');
  return 0;
}
