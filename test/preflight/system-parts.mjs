#!/usr/bin/env node
// The system parts the tests drive for real (DEVELOPERS' rule: real parts prove behaviour):
// Debian's Chromium for the UI, OpenSSH's server and client for the transfer, GNOME Keyring
// in a D-Bus session for the keychain, systemd-analyze for the automation's timer. Run before any test (`npm test` does, and so CI), the
// way `playwright install --with-deps` brings a browser's system libraries:
//   - all present: one line, and on;
//   - missing, as root on Debian or Ubuntu: `apt-get update` once, then the missing packages,
//     saying what it does;
//   - missing otherwise: the one install command, and a non-zero exit before any test runs.
// `--check` only reports (exit 1 when something is missing). This file is the one list of them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Each part: what it is for, the Debian package, and how to tell it is there. */
export const SYSTEM_PARTS = [
  { what: 'Chromium (the UI tests)', pkg: 'chromium', present: () => isFile(process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium') },
  { what: 'fonts for the screenshots', pkg: 'fonts-dejavu-core', present: () => existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') },
  { what: 'the OpenSSH server (the transfer tests)', pkg: 'openssh-server', present: () => isFile('/usr/sbin/sshd') },
  { what: 'the OpenSSH client (ssh-keygen, sftp)', pkg: 'openssh-client', present: () => onPath('ssh-keygen') && onPath('sftp') },
  { what: 'GNOME Keyring (the keychain tests)', pkg: 'gnome-keyring', present: () => onPath('gnome-keyring-daemon') },
  { what: 'a D-Bus session bus', pkg: 'dbus', present: () => onPath('dbus-run-session') && onPath('dbus-daemon') },
  { what: 'dbus-launch', pkg: 'dbus-x11', present: () => onPath('dbus-launch') },
  { what: 'secret-tool', pkg: 'libsecret-tools', present: () => onPath('secret-tool') },
  { what: 'systemd-analyze (checks the systemd timer an automation installs)', pkg: 'systemd', present: () => onPath('systemd-analyze') },
];

function isFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(program) {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && isFile(join(dir, program)));
}

function debianLike() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

export function missingParts() {
  return SYSTEM_PARTS.filter((part) => !part.present());
}

function installCommand(packages) {
  return `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function main() {
  const checkOnly = process.argv.includes('--check');
  const missing = missingParts();
  if (missing.length === 0) {
    console.log('System parts for the tests: all present (Chromium, OpenSSH server and client, GNOME Keyring, D-Bus, systemd-analyze).');
    return 0;
  }
  const packages = [...new Set(missing.map((part) => part.pkg))];
  const list = missing.map((part) => `${part.what} [${part.pkg}]`).join(', ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (checkOnly || !isRoot || !debianLike() || !onPath('apt-get')) {
    const sudo = isRoot ? '' : 'sudo ';
    console.error(`The tests need system parts that are missing: ${list}.`);
    console.error(
      debianLike()
        ? `Install them, then run the tests again:\n  ${sudo}sh -c '${installCommand(packages)}'`
        : `Install these packages (Debian names) with your system's package manager: ${packages.join(' ')}.`,
    );
    console.error('No test was run.');
    return 1;
  }
  console.log(`The tests need system parts that are missing: ${list}.`);
  console.log(`Installing them (as root, from Debian's packages): ${installCommand(packages)}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (run.status !== 0) {
      console.error(`apt-get ${args[0]} failed (exit ${run.status ?? run.signal}). No test was run; install the packages by hand: ${installCommand(packages)}`);
      return 1;
    }
  }
  const still = missingParts();
  if (still.length > 0) {
    console.error(`Still missing after the install: ${still.map((part) => part.what).join(', ')}. No test was run.`);
    return 1;
  }
  console.log(`Installed: ${packages.join(', ')}.`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main();
