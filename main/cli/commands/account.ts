/** `txp account add | list | remove | trust`: accounts in the config folder, secrets in the OS keychain. */
import { TxpError } from '../../../shared/txp-error';
import { changedKeyError, type AccountService } from '../../sending/account-service';
import { cliServices } from '../cli-services';
import { parseOrUsage, type CliIo } from '../cli-args';

export async function accountCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const service = (await cliServices(io)).accounts;
  switch (action) {
    case 'add':
      return add(rest, io, service);
    case 'list':
      return list(rest, io, service);
    case 'remove':
      return remove(rest, io, service);
    case 'trust':
      return trust(rest, io, service);
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

async function add(args: string[], io: CliIo, service: AccountService): Promise<number> {
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
  if (!name || positionals.length > 1)
    throw new TxpError('USAGE', 'txp account add NAME --user ID [--host H] [--port N] [--key FILE] [--password-stdin] [--upload-dir D] [--results-dir D] [--keyword KW]');
  if (!values.user) throw new TxpError('USAGE', 'txp account add needs --user, the SFTP user id (e.g. txpftp012345; not the portal login).');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new TxpError('USAGE', `--port must be from 1 to 65535, not "${values.port}".`);
  const saved = await service.save({
    name,
    user: values.user,
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values.key !== undefined ? { keyFile: values.key } : {}),
    ...(values['upload-dir'] !== undefined ? { uploadDir: values['upload-dir'] } : {}),
    ...(values['results-dir'] !== undefined ? { resultsDir: values['results-dir'] } : {}),
    ...(values.keyword !== undefined ? { keyword: values.keyword } : {}),
    ...(values['password-stdin'] ? { secret: await readSecret(io) } : {}),
  });
  if (values['password-stdin'] && service.secrets.kind === 'session') {
    io.stderr(`txp: ${service.secrets.warning} The password was not saved; give it with --password-stdin when you send.\n`);
  }
  io.stdout(`Account "${name}" saved (${saved.user}@${saved.host}:${saved.port}).${saved.hostKey ? '' : ` Next: txp account trust ${name}`}\n`);
  return 0;
}

async function list(args: string[], io: CliIo, service: AccountService): Promise<number> {
  const { values } = parseOrUsage(args, { json: { type: 'boolean' } });
  const accounts = await service.list();
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

async function remove(args: string[], io: CliIo, service: AccountService): Promise<number> {
  const { positionals } = parseOrUsage(args, {});
  if (positionals.length !== 1) throw new TxpError('USAGE', 'txp account remove NAME');
  const account = await service.remove(positionals[0] as string);
  io.stdout(`Account "${account.name}" removed, with its saved password.\n`);
  return 0;
}

/**
 * First contact: show the server's key and pin it only when the user says so (or it matches
 * --fingerprint, or --accept-new like OpenSSH's StrictHostKeyChecking=accept-new). A key that
 * differs from the pinned one is refused, and the pinned key is kept.
 */
async function trust(args: string[], io: CliIo, service: AccountService): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { fingerprint: { type: 'string' }, 'accept-new': { type: 'boolean' } });
  if (positionals.length !== 1) throw new TxpError('USAGE', 'txp account trust NAME [--fingerprint SHA256:… | --accept-new]');
  const { account, seen, status } = await service.checkHostKey(positionals[0] as string);
  const where = `${account.host}:${account.port}`;
  if (status === 'trusted') {
    io.stdout(`${where} is already trusted (${seen.algorithm} ${seen.fingerprint}).\n`);
    return 0;
  }
  if (status === 'changed' && values.fingerprint !== seen.fingerprint) throw changedKeyError(account, seen);
  if (status === 'new' && values.fingerprint === undefined && !values['accept-new']) {
    io.stdout(`${where} shows this ${seen.algorithm} host key:\n  ${seen.fingerprint}\nCompare it with the fingerprint TextPower gave you.\n`);
    if (!io.prompt) throw new TxpError('HOST_KEY', `Not trusted: run it in a terminal to answer, or pass --fingerprint ${seen.fingerprint} after checking it.`);
    const answer = (await io.prompt('Trust this key? [y/N] ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') throw new TxpError('HOST_KEY', 'Not trusted. Nothing was changed.');
  }
  await service.trustHostKey(account.name, values.fingerprint ?? seen.fingerprint, { replaceChangedKey: status === 'changed' });
  io.stdout(`Trusted ${where}: ${seen.algorithm} ${seen.fingerprint}.\n`);
  return 0;
}
