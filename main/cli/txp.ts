/**
 * `txp`, the command line (DESIGN.md §5): the same services as the app, for scripts and
 * scheduled tasks. Human output by default, `--json` for machines; exit 0 on success,
 * 2 for usage errors, 3 for unreadable input, 4 for transfer or authentication failures.
 * Errors are one line on stderr, never a stack trace.
 */
import { exitCodeFor, toTxpError, TxpError } from '../../shared/txp-error';
import { APP_VERSION, PRODUCT_NAME } from '../app-meta';
import type { CliIo } from './cli-args';
import { damagedFiles } from '../config/config-file';

export type { CliIo };

const USAGE = `Usage: txp <command> [options]

${PRODUCT_NAME}: turn a CRM export into a clean phone list and upload it to TextPower.

Commands:
  inspect FILE [--sheet NAME] [--json]
      Format, encoding, delimiter, sheets, header row, columns with samples, row count,
      suggested mode and mapping.
  check FILE [mapping options] [--json] [--report OUT.csv]
      Check every number: valid, invalid (by reason), duplicates, line-type hints.
  convert FILE -o OUT.csv [mapping options] [--header] [--report OUT.csv] [--manifest OUT.json]
      Write the Preformatted file TextPower reads (CR LF rows, E.164 numbers, clean tags).
  send FILE (--account NAME | --sandbox) [--keyword KW] [mapping options] [--password-stdin] [--api-password-stdin]
       [--drop preformatted|alp] [--wait] [--results OUT.csv|OUT.xlsx] [--json]
      Check, convert and upload over SFTP (manifest, NAME.part, size check, rename); with
      --wait, wait until TextPower has processed it (it leaves the drop folder), then ask
      TextPower's web service for each number's opt status (accounts with API access) and
      join it to your rows. --drop alp sends the original file unchanged for an ALP account.
  results NAME --account A [--wait] [FILE [mapping options] [--keyword KW] [--results OUT]] [--json]
      Whether an earlier upload is processed, and the per-number status too: joined to the rows of
      the file it was sent from (as the history remembers it, columns and all; or FILE, planned anew).
      Stopped half-way (Ctrl-C), the same command goes on from the numbers not answered yet.
  account add NAME --user ID [--host H] [--port N] [--key FILE] [--password-stdin]
              [--upload-dir D] [--keyword KW] [--api-user UID --api-campaign C [--api-url URL]
              [--api-operation OP] [--api-number-param P] [--api-rate N] [--api-concurrency N]
              [--api-password-stdin]]
  account test NAME [--api] [--password-stdin]
      Log in to the SFTP drop and look at its upload folder; --api: call TextPower's
      GetAccountData with the API login and check the status operation in its WSDL.
  account list [--json] | account remove NAME
  account trust NAME [--fingerprint SHA256:… | --accept-new]
      SFTP accounts; passwords go to the OS keychain, never to a file.
  watch FOLDER --profile P --account A [--keyword KW] [--pattern GLOB] [--mirror]
        [--max-removal-share PERCENT] [--settle-seconds S] [--once] [--approve-removals] [--password-stdin] [--json]
      Send each file that appears in FOLDER (once it has stopped growing) with profile P, then
      move it to FOLDER/sent/ (or FOLDER/failed/, with a reason file). --mirror: also remove the
      numbers that left the export since the last run (the first run only records; a run that
      would remove more than 20 % stops and asks). --once: the files there now, then exit.
  automation add NAME --folder F --profile P --account A [--keyword KW] [--pattern GLOB]
                 (--daily HH:MM | --every MINUTES) [--mirror] [--max-removal-share PERCENT] [--settle-seconds S]
  automation list [--json] | automation remove NAME | automation run NAME [--approve-removals] [--json]
  automation install NAME [--scheduler systemd|cron|launchd|windows] [--dry-run] | automation uninstall NAME
      Saved automations; install has the system (Task Scheduler, a LaunchAgent, a systemd user
      timer or cron) run "txp automation run NAME" on time, also while the app is closed.
  sandbox [--port N] [--dir DIR] [--password-stdin]
      Run the local sandbox service (simulated TextPower SFTP drop and processor) on 127.0.0.1.
  web [--port N]
      Serve the app's window to a browser on 127.0.0.1 (development and tests).

Mapping options (COL is a header text or #N, 1-based):
  --sheet NAME                 the sheet of a workbook (default: the first with phone numbers)
  --mode preformatted|alp      Preformatted: phone in column 1, every other column a tag
  --phone COL  (repeatable)    a column with phone numbers
  --tag COL    (repeatable)    a column whose values become tags
  --country CC                 default country for numbers without +code (default US)
  --remove-when COL=V1[,V2…]   rows whose COL is one of these values remove their numbers
                               (default: a column named like an opt-out, e.g. "SMS Opt Out",
                               with Yes, Y, TRUE, 1, X; "none" for no removals)
  --phone-format national|e164 column A: North American numbers as 2125550125 (default, as
                               TextPower documents), others +44…; or every number as +1…
  --header-row N               the header is row N (default: detected)
  --leave-out-international    leave out numbers outside North America (sent in E.164 by default;
                               TextPower needs an international campaign for them)
  --leave-out-row N[,N…]       leave these file rows out (row numbers as the report gives them)
  --set-cell ROW:COL=VALUE     check and send VALUE instead of that cell's (the file is not changed)
  --who COL  (up to two)       whose number it is (a name, an e-mail, a CRM id), shown beside
                               problems and results, never sent (default: suggested; "none")
  --profile NAME               use a saved mapping (one with the same headers is used automatically)
  --save-profile NAME          save this mapping for files with the same headers

Options:
  -h, --help          Show this help
  -v, --version       Print the version

Exit status: 0 success, 2 usage error, 3 unreadable or unsupported input, 4 transfer failure,
5 nothing to send (no valid number: nothing was written or sent), 6 stopped to ask (mirror mode would
remove more than it may: nothing was sent).
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

// Loaded on demand, so that `txp --version` stays quick.
const commands: Record<string, () => Promise<Command>> = {
  inspect: async () => (await import('./commands/inspect')).inspectCommand,
  check: async () => (await import('./commands/check')).checkCommand,
  convert: async () => (await import('./commands/convert')).convertCommand,
  web: async () => (await import('./commands/web')).webCommand,
  account: async () => (await import('./commands/account')).accountCommand,
  send: async () => (await import('./commands/send')).sendCommand,
  sandbox: async () => (await import('./commands/sandbox')).sandboxCommand,
  results: async () => (await import('./commands/results')).resultsCommand,
  watch: async () => (await import('./commands/watch')).watchCommand,
  automation: async () => (await import('./commands/automation')).automationCommand,
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
    const load = commands[first];
    if (!load) throw new TxpError('USAGE', `Unknown command "${first}". Run "txp --help" for the list.`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(USAGE);
      return 0;
    }
    return await (
      await load()
    )(rest, io);
  } catch (error) {
    const txpError = toTxpError(error);
    io.stderr(`txp: ${txpError.message}\n`);
    return exitCodeFor(txpError.code);
  } finally {
    // A damaged config file was set aside while the command ran (config-file.ts): say so.
    for (const notice of damagedFiles.take()) io.stderr(`txp: warning: ${notice.message}\n`);
  }
}
