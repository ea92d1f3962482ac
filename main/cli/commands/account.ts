/** `txp account add | list | remove | trust`: accounts in the config folder, secrets in the OS keychain. */
import { DEFAULT_HOST, type Account } from '../../../shared/accounts/account';
import { TxpError } from '../../../shared/txp-error';
import { AccountStore } from '../../accounts/account-store';
import { openSecretStore } from '../../accounts/secret-store';
import { configDir } from '../../config/config-dir';
import { fetchHostKey } from '../../transfer/sftp-session';
import { parseOrUsage, type CliIo } from '../cli-args';

export async function accountCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const store = new AccountStore(configDir(io.env));
  switch (action) {
    case 'add':
      return add(rest, io, store);
    case 'list':
      return list(rest, io, store);
    case 'remove':
      return remove(rest, io, store);
    case 'trust':
      return trust(rest, io, store);
    default:
      throw new TxpError('USAGE', `txp account takes add, list, remove or trust${action ? `, not "${action}"` : ''}.`);
  }
}

export async function readSecret(io: CliIo): Promise<string> {
  if (!io.stdin) throw new TxpError('USAGE', '--password-stdin needs standard input.');
  const secret = (await io.stdin()).replace(/\r?\n$/, '');
  if (secret === '') throw new TxpError('USAGE', '--password-stdin read an empty password.');
  return secret;
}

async function add(args: string[], io: CliIo, store: AccountStore): Promise<number> {
  const { values, positionals } = parseOrUsage(args, {
    user: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    key: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'upload-dir': { type: 'string' },
    'results-dir': { type: 'string' },
    keyword: { type: 'string' },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new TxpError('USAGE', 'txp account add NAME --user ID [--host H] [--port N] [--key FILE] [--password-stdin] [--upload-dir D] [--results-dir D] [--keyword KW]');
  if (!values.user) throw new TxpError('USAGE', 'txp account add needs --user, the SFTP user id (e.g. txpftp012345; not the portal login).');
  const port = values.port === undefined ? 22 : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TxpError('USAGE', `--port must be from 1 to 65535, not "${values.port}".`);
  const previous = (await store.list()).find((a) => a.name.toLowerCase() === name.toLowerCase());
  const host = values.host ?? DEFAULT_HOST;
  const account: Account = {
    name,
    host,
    port,
    user: values.user,
    auth: values.key ? 'key' : 'password',
    keyFile: values.key ?? null,
    uploadDir: values['upload-dir'] ?? '/',
    resultsDir: values['results-dir'] ?? '/results',
    keyword: values.keyword ?? null,
    // A pinned key stays pinned only for the same server.
    hostKey: previous && previous.host === host && previous.port === port ? previous.hostKey : null,
  };
  await store.save(account);
  if (values['password-stdin']) {
    const secrets = openSecretStore();
    await secrets.set(name, await readSecret(io));
    if (secrets.kind === 'session') io.stderr(`txp: ${secrets.warning} The password was not saved; give it with --password-stdin when you send.\n`);
  }
  io.stdout(`Account "${name}" saved (${account.user}@${host}:${port}).${account.hostKey ? '' : ` Next: txp account trust ${name}`}\n`);
  return 0;
}

async function list(args: string[], io: CliIo, store: AccountStore): Promise<number> {
  const { values } = parseOrUsage(args, { json: { type: 'boolean' } });
  const secrets = openSecretStore();
  const accounts = await Promise.all((await store.list()).map(async (a) => ({ ...a, hasSecret: (await secrets.get(a.name).catch(() => null)) !== null })));
  if (values.json) {
    io.stdout(JSON.stringify(accounts, null, 2) + '\n');
    return 0;
  }
  if (accounts.length === 0) io.stdout('No accounts yet. Add one with: txp account add NAME --user ID --password-stdin\n');
  for (const a of accounts) {
    io.stdout(
      `${a.name}: ${a.user}@${a.host}:${a.port}, upload to ${a.uploadDir}, results in ${a.resultsDir}` +
        `${a.keyword ? `, keyword ${a.keyword}` : ''}; ${a.auth === 'key' ? `key ${a.keyFile}` : a.hasSecret ? 'password saved' : 'no password saved'}; ` +
        `${a.hostKey ? `host key ${a.hostKey.fingerprint}` : 'host key not trusted yet'}\n`,
    );
  }
  return 0;
}

async function remove(args: string[], io: CliIo, store: AccountStore): Promise<number> {
  const { positionals } = parseOrUsage(args, {});
  if (positionals.length !== 1) throw new TxpError('USAGE', 'txp account remove NAME');
  const account = await store.remove(positionals[0] as string);
  await openSecretStore()
    .delete(account.name)
    .catch(() => undefined);
  io.stdout(`Account "${account.name}" removed, with its saved password.\n`);
  return 0;
}

/**
 * First contact: show the server's key and pin it only when the user says so (or it matches
 * --fingerprint, or --accept-new like OpenSSH's StrictHostKeyChecking=accept-new). A key that
 * differs from the pinned one is refused, and the pinned key is kept.
 */
async function trust(args: string[], io: CliIo, store: AccountStore): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { fingerprint: { type: 'string' }, 'accept-new': { type: 'boolean' } });
  if (positionals.length !== 1) throw new TxpError('USAGE', 'txp account trust NAME [--fingerprint SHA256:… | --accept-new]');
  const account = await store.get(positionals[0] as string);
  const seen = await fetchHostKey({ host: account.host, port: account.port });
  const where = `${account.host}:${account.port}`;
  if (account.hostKey) {
    if (account.hostKey.fingerprint === seen.fingerprint) {
      io.stdout(`${where} is already trusted (${seen.algorithm} ${seen.fingerprint}).\n`);
      return 0;
    }
    if (values.fingerprint !== seen.fingerprint) {
      throw new TxpError(
        'HOST_KEY',
        `The host key of ${where} has changed: it is now ${seen.fingerprint}, but ${account.hostKey.fingerprint} was trusted. The trusted key is kept. ` +
          `If TextPower confirms the new key, run: txp account trust ${account.name} --fingerprint ${seen.fingerprint}`,
      );
    }
  } else if (values.fingerprint !== undefined) {
    if (values.fingerprint !== seen.fingerprint) {
      throw new TxpError('HOST_KEY', `${where} shows ${seen.algorithm} key ${seen.fingerprint}, not ${values.fingerprint}. Nothing was trusted.`);
    }
  } else if (!values['accept-new']) {
    io.stdout(`${where} shows this ${seen.algorithm} host key:\n  ${seen.fingerprint}\nCompare it with the fingerprint TextPower gave you.\n`);
    if (!io.prompt) throw new TxpError('HOST_KEY', `Not trusted: run it in a terminal to answer, or pass --fingerprint ${seen.fingerprint} after checking it.`);
    const answer = (await io.prompt('Trust this key? [y/N] ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') throw new TxpError('HOST_KEY', 'Not trusted. Nothing was changed.');
  }
  await store.save({ ...account, hostKey: { fingerprint: seen.fingerprint, algorithm: seen.algorithm, trustedAt: new Date().toISOString() } });
  io.stdout(`Trusted ${where}: ${seen.algorithm} ${seen.fingerprint}.\n`);
  return 0;
}
