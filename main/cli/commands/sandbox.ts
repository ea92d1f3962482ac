/**
 * `txp sandbox [--port N] [--dir DIR] [--password-stdin] [--results-file] [--processing-delay S]`:
 * the local sandbox, both halves of a simulated TextPower (SFTP drop, web service), in the foreground.
 */
import { join } from 'node:path';
import { TxpError } from '../../../shared/txp-error';
import { configDir } from '../../config/config-dir';
import { startSandbox } from '../../sandbox/start-sandbox';
import { parseOrUsage, untilInterrupted, type CliIo } from '../cli-args';
import { readSecret } from './account';

export async function sandboxCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(args, {
    port: { type: 'string' },
    dir: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'results-file': { type: 'boolean' },
    'processing-delay': { type: 'string' },
  });
  const delay = values['processing-delay'] === undefined ? undefined : Number(values['processing-delay']);
  if (delay !== undefined && !(delay >= 0 && delay <= 3600)) throw new TxpError('USAGE', `--processing-delay is seconds from 0 to 3600, not "${values['processing-delay']}".`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new TxpError('USAGE', `--port must be from 0 to 65535, not "${values.port}".`);
  const dir = values.dir ?? join(configDir(io.env), 'sandbox');
  const sandbox = await startSandbox({
    dir,
    ...(port !== undefined ? { port } : {}),
    ...(values['password-stdin'] ? { password: await readSecret(io) } : {}),
    ...(values['results-file'] ? { resultsFile: true } : {}),
    ...(delay !== undefined ? { processingDelayMs: delay * 1000 } : {}),
    onProcessed: (name, rows) =>
      io.stdout(`processed ${name}: ${rows.length} numbers, deleted from the drop folder${values['results-file'] ? ` (simulated results in /results/${name}.results.csv)` : ''}\n`),
  });
  const stopped = untilInterrupted(() => sandbox.close());
  io.stdout(
    [
      'TextPower sandbox (simulated service, loopback only)',
      `  host:        ${sandbox.host}`,
      `  port:        ${sandbox.port}`,
      `  user:        ${sandbox.user}`,
      `  password:    ${values['password-stdin'] ? '(as given)' : sandbox.password}`,
      `  host key:    ${sandbox.algorithm} ${sandbox.fingerprint}`,
      `  folder:      ${dir}`,
      `  web service: ${sandbox.api.url} (SOAP, simulated; WSDL at ?WSDL)`,
      `  API login:   UID ${sandbox.api.user}, campaign ${sandbox.api.campaign}, password ${sandbox.api.password}`,
      `Uploads go to "/" and vanish when processed, as TextPower's do.${values['results-file'] ? ' Simulated result files appear in "/results".' : ''} Press Ctrl-C to stop.`,
      '',
    ].join('\n'),
  );
  await stopped;
  io.stdout('Sandbox stopped.\n');
  return 0;
}
