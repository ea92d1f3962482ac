/** The process entry of `txp`: runs the CLI with the real standard streams and exits with its status. */
import { createInterface } from 'node:readline/promises';
import { runCli } from './txp';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: readStdin,
  ...(process.stdin.isTTY
    ? {
        prompt: async (question: string) => {
          const terminal = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await terminal.question(question);
          } finally {
            terminal.close();
          }
        },
      }
    : {}),
  env: process.env,
  stderrIsTerminal: process.stderr.isTTY === true,
});
process.exitCode = status;
