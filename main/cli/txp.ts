/**
 * `txp`, the command line (DESIGN.md §5): the same services as the app, for scripts and
 * scheduled tasks. Human output by default, `--json` for machines; exit 0 on success,
 * 2 for usage errors, 3 for unreadable input, 4 for transfer or authentication failures.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { exitCodeFor, toTxpError, TxpError } from '../../shared/txp-error';
import { APP_VERSION, PRODUCT_NAME } from '../app-meta';
import { startWebHarness } from '../bridge/start-web-harness';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage: txp <command> [options]

${PRODUCT_NAME}: turn a CRM export into a clean phone list and upload it to TextPower.

Commands:
  web [--port N]      Serve the app's window to a browser on 127.0.0.1 (development and tests)

Options:
  -h, --help          Show this help
  -v, --version       Print the version
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, Command> = {
  web: async (args, io) => {
    const { values } = parseOrUsage(args, { port: { type: 'string' } });
    const port = values.port === undefined ? undefined : parsePort(values.port);
    const bridge = await startWebHarness(port === undefined ? {} : { port });
    io.stdout(`The app is served on ${bridge.origin} (127.0.0.1 only). Open:\n  ${bridge.url}\nPress Ctrl-C to stop.\n`);
    await new Promise<void>((resolveStop) => {
      const stop = (): void => {
        void bridge.close().then(resolveStop);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.stdout(USAGE);
      return first === undefined ? 2 : 0;
    }
    if (first === '-v' || first === '--version') {
      io.stdout(`${APP_VERSION}\n`);
      return 0;
    }
    const command = commands[first];
    if (!command) throw new TxpError('USAGE', `Unknown command "${first}". Run "txp --help" for the list.`);
    return await command(rest, io);
  } catch (error) {
    const txpError = toTxpError(error);
    io.stderr(`txp: ${txpError.message}\n`);
    return exitCodeFor(txpError.code);
  }
}

function parseOrUsage<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new TxpError('USAGE', error instanceof Error ? error.message : String(error));
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TxpError('USAGE', `--port must be a whole number from 0 to 65535, not "${text}".`);
  return port;
}
