/** The process entry of `txp`: runs the CLI with the real standard streams and exits with its status. */
import { runCli } from './txp';

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = status;
