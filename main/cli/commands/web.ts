import { startWebHarness } from '../../bridge/start-web-harness';
import { TxpError } from '../../../shared/txp-error';
import { parseOrUsage, untilInterrupted, type CliIo } from '../cli-args';

/** `txp web [--port N]`: the app's window in a browser, on 127.0.0.1. */
export async function webCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(args, { port: { type: 'string' } });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TxpError('USAGE', `--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  const bridge = await startWebHarness(port === undefined ? {} : { port });
  const stopped = untilInterrupted(() => bridge.close());
  io.stdout(`The app is served on ${bridge.origin} (127.0.0.1 only). Open:\n  ${bridge.url}\nPress Ctrl-C to stop.\n`);
  await stopped;
  return 0;
}
