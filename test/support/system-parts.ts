/**
 * A test helper that needs a system part checks for it first and, when it is missing, fails
 * with one sentence that names it and says how to get it — never with an uncaught
 * `spawn … ENOENT`. The list of parts is test/preflight/system-parts.mjs, the one `npm test` runs.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

interface SystemPart {
  what: string;
  pkg: string;
  present(): boolean;
}

export async function requireSystemParts(...packages: string[]): Promise<void> {
  const module = (await import(pathToFileURL(resolve(import.meta.dirname, '../preflight/system-parts.mjs')).href)) as { SYSTEM_PARTS: SystemPart[] };
  const missing = module.SYSTEM_PARTS.filter((part) => packages.includes(part.pkg) && !part.present());
  if (missing.length > 0) {
    const names = missing.map((part) => part.pkg).join(' ');
    throw new Error(`${missing.map((part) => part.what).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed: run "npm test" as root (it installs them), or apt-get install ${names}.`);
  }
}
