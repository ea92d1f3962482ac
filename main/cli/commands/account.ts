/** `txp account add | list | remove | trust`: accounts in the config folder, secrets in the OS keychain. */
import { TxpError } from '../../../shared/txp-error';
import { API_DEFAULTS, type ApiAccess } from '../../../shared/accounts/account';
import { TextPowerApi } from '../../results/textpower-api';
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
    case 'test':
      return test(rest, io, service);
    default:
      throw new TxpError('USAGE', `txp account takes add, list, remove, trust or test${action ? `, not "${action}"` : ''}.`);
  }
}

export async function readSecret(io: CliIo): Promise<string> {
  if (!io.stdin) throw new TxpError('USAGE', '--password-stdin needs standard input.');
  const secret = (await io.stdin()).replace(/\r?\n$/, '');
  if (secret === '') throw new TxpError('USAGE', '--password-stdin read an empty password.');
  return secret;
}

/**
 * The secrets a command was given on standard input: with --password-stdin the SFTP password,
 * with --api-password-stdin the API password; with both, one a line, the SFTP one first.
 */
export function stdinSecrets(io: CliIo, sftp: boolean, api: boolean): { secret?: () => Promise<string>; apiSecret?: () => Promise<string> } {
  if (!sftp && !api) return {};
  let lines: Promise<string[]> | null = null;
  const read = (): Promise<string[]> => (lines ??= (async () => (sftp && api ? (await readAll(io)).split(/\r?\n/) : [await readSecret(io)]))());
  const take = (index: number, what: string) => async (): Promise<string> => {
    const value = (await read())[index] ?? '';
    if (value === '')
      throw new TxpError('USAGE', `Standard input held no ${what} (with --password-stdin and --api-password-stdin: the SFTP password on the first line, the API password on the second).`);
    return value;
  };
  return { ...(sftp ? { secret: take(0, 'SFTP password') } : {}), ...(api ? { apiSecret: take(sftp ? 1 : 0, 'API password') } : {}) };
}

async function readAll(io: CliIo): Promise<string> {
  if (!io.stdin) throw new TxpError('USAGE', '--password-stdin needs standard input.');
  return io.stdin();
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
    'api-user': { type: 'string' },
    'api-campaign': { type: 'string' },
    'api-url': { type: 'string' },
    'api-operation': { type: 'string' },
    'api-number-param': { type: 'string' },
    'api-command-param': { type: 'string' },
    'api-command-value': { type: 'string' },
    'api-rate': { type: 'string' },
    'api-concurrency': { type: 'string' },
    'api-password-stdin': { type: 'boolean' },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1)
    throw new TxpError('USAGE', 'txp account add NAME --user ID [--host H] [--port N] [--key FILE] [--password-stdin] [--upload-dir D] [--results-dir D] [--keyword KW]');
  if (!values.user) throw new TxpError('USAGE', 'txp account add needs --user, the SFTP user id (e.g. txpftp012345; not the portal login).');
  if (values['password-stdin'] && values['api-password-stdin'])
    throw new TxpError('USAGE', 'Give one password on standard input at a time: the SFTP one (--password-stdin) or the API one (--api-password-stdin).');
  if (Boolean(values['api-user']) !== Boolean(values['api-campaign']))
    throw new TxpError('USAGE', 'TextPower web-service access needs both --api-user (the API login, not the SFTP id) and --api-campaign.');
  const rate = values['api-rate'] === undefined ? undefined : Number(values['api-rate']);
  if (rate !== undefined && !(rate > 0 && rate <= 50)) throw new TxpError('USAGE', `--api-rate is requests per second, more than 0 and at most 50, not "${values['api-rate']}".`);
  const concurrency = values['api-concurrency'] === undefined ? undefined : Number(values['api-concurrency']);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 8))
    throw new TxpError('USAGE', `--api-concurrency is requests at once, from 1 to 8, not "${values['api-concurrency']}".`);
  const api: ApiAccess | undefined = values['api-user']
    ? {
        ...API_DEFAULTS,
        uid: values['api-user'],
        campaign: values['api-campaign'] as string,
        ...(values['api-url'] !== undefined ? { url: values['api-url'] } : {}),
        ...(values['api-operation'] !== undefined ? { statusOperation: values['api-operation'] } : {}),
        ...(values['api-number-param'] !== undefined ? { numberParameter: values['api-number-param'] } : {}),
        ...(values['api-command-param'] !== undefined ? { commandParameter: values['api-command-param'] } : {}),
        ...(values['api-command-value'] !== undefined ? { commandValue: values['api-command-value'] } : {}),
        ...(rate !== undefined ? { ratePerSecond: rate } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
      }
    : undefined;
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
    ...(api ? { api } : {}),
    ...(values['api-password-stdin'] ? { apiSecret: await readSecret(io) } : {}),
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
        `${a.keyword ? `, keyword ${a.keyword}` : ''}; ${a.auth === 'key' ? `key ${a.keyFile}` : a.keychainLocked ? 'password unknown: the keychain is locked' : a.hasSecret ? 'password saved' : 'no password saved'}; ` +
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

/**
 * `txp account test NAME [--api] [--password-stdin]`: logs in to the SFTP drop and looks at the
 * upload folder; with --api, calls TextPower's GetAccountData with the API login instead and
 * shows what came back, and checks that the status operation is in the service's WSDL.
 */
async function test(args: string[], io: CliIo, service: AccountService): Promise<number> {
  const { values, positionals } = parseOrUsage(args, { api: { type: 'boolean' }, 'password-stdin': { type: 'boolean' } });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new TxpError('USAGE', 'txp account test NAME [--api] [--password-stdin]');
  const account = await service.store.get(name);
  const given = values['password-stdin'] ? await readSecret(io) : null;
  if (values.api) {
    if (!account.api)
      throw new TxpError(
        'USAGE',
        `Account "${account.name}" has no TextPower web-service access set up: add it with txp account add ${account.name} --user ${account.user} --api-user UID --api-campaign CAMPAIGN --api-password-stdin.`,
      );
    const password = given ?? (await service.apiSecret(account));
    if (!password) throw new TxpError('AUTH', `No API password is saved for account "${account.name}". Give it with --password-stdin, or save it with txp account add … --api-password-stdin.`);
    const api = await TextPowerApi.connect({ access: account.api, password, keyword: account.keyword });
    const data = await api.accountData();
    io.stdout(`TextPower's web service accepted the API login of "${account.name}" (${account.api.uid}, campaign ${account.api.campaign}). GetAccountData said:\n  ${data}\n`);
    const problem = api.statusOperationProblem();
    if (problem) io.stderr(`txp: warning: ${problem}\n`);
    else
      io.stdout(
        `Per-number status: "${account.api.statusOperation}" is in the service's description, with ${[account.api.numberParameter, account.api.commandParameter].filter(Boolean).join(' and ')}.\n`,
      );
    return 0;
  }
  const tested = await service.testLogin(account.name, given);
  if (tested.status !== 'loggedIn') {
    throw new TxpError(
      'HOST_KEY',
      tested.status === 'new'
        ? `The server of "${account.name}" is not trusted yet: it shows ${tested.algorithm} key ${tested.fingerprint}. Compare it with the fingerprint TextPower gave you, then: txp account trust ${account.name} --fingerprint ${tested.fingerprint}`
        : changedKeyError(account, { fingerprint: tested.fingerprint, algorithm: tested.algorithm }).message,
    );
  }
  io.stdout(`Logged in to ${tested.host} as ${tested.user}; the upload folder ${tested.uploadDir} is there.\n`);
  return 0;
}
