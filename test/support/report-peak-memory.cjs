/**
 * Preloaded (node --require) into a txp process a hardening test starts: at exit it writes the
 * process's peak resident memory (KiB) to the file TXP_PEAK_MEMORY_FILE names. Test-only; the
 * product never loads it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (node --require)
const { writeFileSync } = require('node:fs');
const file = process.env.TXP_PEAK_MEMORY_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
