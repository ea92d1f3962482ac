// `npm run test:exhaustive`: the phone differential tests in full (1.2 million generated NANP
// inputs, every four-digit start, about 600,000 numbers of other countries, the list checker over
// 600,000 rows; a few minutes on two cores) rather than the sample `npm test`
// runs. Sets TXP_EXHAUSTIVE=1 for vitest on any platform; extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const files = ['test/shared/phone', 'test/shared/check/list-checker.differential.test.ts'];
const result = spawnSync(process.execPath, [vitest, 'run', ...files, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TXP_EXHAUSTIVE: '1' },
});
process.exit(result.status ?? 1);
