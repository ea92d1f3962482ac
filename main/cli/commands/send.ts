/** `txp send FILE --account NAME [--keyword KW] [mapping options] [--password-stdin] [--json]` */
import { TxpError } from '../../../shared/txp-error';
import { AccountStore } from '../../accounts/account-store';
import { openSecretStore } from '../../accounts/secret-store';
import { configDir } from '../../config/config-dir';
import { sendList } from '../../transfer/send-list';
import { MAPPING_OPTIONS, mappingRequest, oneFile, parseOrUsage, type CliIo } from '../cli-args';
import { readSecret } from './account';

export async function sendCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(args, {
    ...MAPPING_OPTIONS,
    account: { type: 'string' },
    keyword: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  });
  const path = oneFile(positionals, 'send');
  if (!values.account) throw new TxpError('USAGE', 'txp send needs --account NAME (see "txp account list").');
  const dir = configDir(io.env);
  const account = await new AccountStore(dir).get(values.account);
  const secret = values['password-stdin'] ? await readSecret(io) : await openSecretStore().get(account.name).catch(() => null);
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  let lastLine = 0;
  try {
    const result = await sendList({
      path,
      request: mappingRequest(values),
      account,
      secret,
      keyword: values.keyword ?? account.keyword,
      configDir: dir,
      signal: controller.signal,
      onProgress: (p) => {
        if (values.json || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        io.stderr(`  ${(p.bytes / 1048576).toFixed(1)} of ${(p.total / 1048576).toFixed(1)} MB, ${(p.rate / 1048576).toFixed(1)} MB/s${p.etaSeconds !== null ? `, ${Math.ceil(p.etaSeconds)} s left` : ''}\n`);
      },
      onRetry: (attempt, delay, error) => io.stderr(`txp: ${error.message} Trying again in ${Math.round(delay / 1000)} s (attempt ${attempt + 1}).\n`),
    });
    if (values.json) {
      io.stdout(JSON.stringify({ remoteName: result.remoteName, remotePath: result.remotePath, bytes: result.bytes, numbers: result.numbers, seconds: result.seconds, attempts: result.attempts, sha256: result.sha256, summary: result.summary }, null, 2) + '\n');
    } else {
      io.stdout(`Sent ${result.numbers.toLocaleString('en-US')} numbers to ${account.host} as ${result.remotePath} (${result.bytes.toLocaleString('en-US')} bytes in ${result.seconds.toFixed(1)} s).\n`);
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}
