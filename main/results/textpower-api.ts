/**
 * A client of TextPower's web services (textpower-service.md §1, §7): SOAP through node-soap,
 * which reads the service's WSDL. Every call carries `MessageValidationInfo { UID, PWD,
 * Campaign, Keyword }`. `GetAccountData` tests the API login; per-number status is asked with
 * the account's status operation (ManageOptin by default), which is first looked up in the WSDL.
 * Rate-limited, 30 s per call, retried with backoff on time-outs and HTTP 5xx, never retried
 * on a refused login, cancellable, and resumable (answers already had are not asked again).
 */
import * as soap from 'soap';
import type { ApiAccess } from '../../shared/accounts/account';
import { TxpError } from '../../shared/txp-error';

export const TEXTPOWER_NAMESPACE = 'http://www.textpower.com/services/';

export interface ApiLogin {
  access: ApiAccess;
  password: string;
  /** The upload's keyword: the list whose status is asked. */
  keyword: string | null;
}

export interface ApiCallOptions {
  timeoutMs?: number;
  /** Attempts per call on a time-out or HTTP 5xx. */
  attempts?: number;
  /** The first backoff; it doubles. */
  backoffMs?: number;
  signal?: AbortSignal;
}

export interface NumberAnswer {
  /** As asked: the number as the file sent it. */
  number: string;
  /** The service's raw answer (the `…Result` string). */
  raw: string;
}

export class TextPowerApi {
  /** Every attempt, retries included, waits its turn: the service sees at most ratePerSecond calls a second. */
  private readonly limiter: RateLimiter;

  private constructor(
    private readonly client: soap.Client,
    private readonly login: ApiLogin,
    private readonly operations: Map<string, string[]>,
    private readonly options: ApiCallOptions,
  ) {
    this.limiter = new RateLimiter(login.access.ratePerSecond);
  }

  /** Reads the WSDL and prepares the header. A WSDL that cannot be had is a TRANSFER error; it says which address. */
  static async connect(login: ApiLogin, options: ApiCallOptions = {}): Promise<TextPowerApi> {
    const wsdl = `${login.access.url}?WSDL`;
    let client: soap.Client;
    try {
      client = await soap.createClientAsync(wsdl, { endpoint: login.access.url, wsdl_options: { timeout: options.timeoutMs ?? 30_000 } });
    } catch (error) {
      // node-soap's words for a page that is no WSDL ("Root element of WSDL was <html>. This is likely…") are put plainly.
      const page = /Root element of WSDL was <([^>\s]+)/.exec(plain(error))?.[1];
      const why = page ? `the address answered with a web page (<${page}>), not the service's description: a network's sign-in page, or not the service's address` : plain(error);
      throw new TxpError('TRANSFER', `TextPower's web service did not give its description (${wsdl}): ${why}. Check the service address in the account's API settings.`, { transient: true });
    }
    const operations = describeOperations(client.describe());
    // A WSDL cut off on the way still parses, to nothing: that is said, not "it offers no ManageOptin".
    if (operations.size === 0) {
      throw new TxpError(
        'TRANSFER',
        `TextPower's web service gave a description (${wsdl}) that names no operation: it was cut off on the way, or it is not the service's. Try again; if it stays so, check the service address in the account's API settings.`,
        { transient: true },
      );
    }
    client.addSoapHeader({ MessageValidationInfo: { UID: login.access.uid, PWD: login.password, Campaign: login.access.campaign, Keyword: login.keyword ?? '' } }, '', 'tns', TEXTPOWER_NAMESPACE);
    return new TextPowerApi(client, login, operations, options);
  }

  /** The operations the WSDL offers, with their input parameters. */
  get offered(): ReadonlyMap<string, string[]> {
    return this.operations;
  }

  /** GetAccountData: proves the API login and SOAP access, touching no number. */
  async accountData(): Promise<string> {
    return this.call('GetAccountData', {});
  }

  /**
   * Checks that the status operation and its parameters are in the WSDL. When they are not,
   * one clear message lists what the service does offer; nothing is asked, nothing invented.
   */
  statusOperationProblem(): string | null {
    const { statusOperation, numberParameter, commandParameter } = this.login.access;
    const offered = [...this.operations.keys()];
    const parameters = this.operations.get(statusOperation);
    if (!parameters)
      return `TextPower's service does not offer "${statusOperation}" (it offers ${offered.join(', ') || 'no operation'}). Per-number status is not available from TextPower's service for this account; set the status operation in the account's API settings once TextPower says which it is.`;
    const missing = [numberParameter, ...(commandParameter ? [commandParameter] : [])].filter((p) => !parameters.includes(p));
    if (missing.length > 0)
      return `TextPower's "${statusOperation}" takes ${parameters.join(', ') || 'no parameters'}, not ${missing.join(', ')}. Per-number status is not available until the account's API settings name its parameters.`;
    return null;
  }

  /**
   * Asks the status of each number, at most `ratePerSecond` calls a second and `concurrency`
   * at once. `done` holds answers already had (a resumed run); each new answer is reported
   * through `onAnswer` as it comes, so an interrupted run loses nothing it was told.
   */
  async statuses(numbers: readonly string[], done: ReadonlyMap<string, string>, onAnswer: (answer: NumberAnswer, progress: { done: number; total: number }) => void): Promise<void> {
    const { statusOperation, numberParameter, commandParameter, commandValue, concurrency } = this.login.access;
    const todo = numbers.filter((n) => !done.has(n));
    let finished = numbers.length - todo.length;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        const number = todo[next++] as string;
        const raw = await this.call(statusOperation, { [numberParameter]: number, ...(commandParameter ? { [commandParameter]: commandValue } : {}) });
        onAnswer({ number, raw }, { done: ++finished, total: numbers.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(todo.length, 1)) }, worker));
  }

  private async call(operation: string, args: Record<string, string>): Promise<string> {
    const method = (this.client as unknown as Record<string, (args: unknown, options: unknown) => Promise<[Record<string, unknown>]>>)[`${operation}Async`];
    if (typeof method !== 'function') throw new TxpError('UNAVAILABLE', `TextPower's service does not offer "${operation}".`);
    const attempts = this.options.attempts ?? 4;
    let delay = this.options.backoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      if (this.options.signal?.aborted) throw canceled();
      const ended = await this.limiter.take(this.options.signal);
      try {
        const [result] = await method.call(this.client, args, { timeout: this.options.timeoutMs ?? 30_000 }).finally(ended);
        const value = result?.[`${operation}Result`];
        return typeof value === 'string' ? value : JSON.stringify(value ?? null);
      } catch (error) {
        const failure = classify(error);
        if (failure.code === 'AUTH' || !failure.transient || attempt >= attempts) throw failure;
        await sleep(delay, this.options.signal);
        delay *= 2;
      }
    }
  }
}

/** A SOAP fault about the login is AUTH (not retried); time-outs, refused connections and 5xx are transient; other faults are final. */
function classify(error: unknown): TxpError {
  if (error instanceof TxpError) return error;
  const e = error as { root?: { Envelope?: { Body?: { Fault?: { faultstring?: string; Reason?: { Text?: string } } } } }; response?: { status?: number }; code?: string; message?: string };
  const fault = e.root?.Envelope?.Body?.Fault;
  const faultText = fault?.faultstring ?? fault?.Reason?.Text;
  if (faultText) {
    if (/UID|PWD|password|login|credential|authoriz|authentic/i.test(faultText)) {
      return new TxpError('AUTH', `TextPower's service refused the API login: ${faultText} Check the API user id, campaign and password in the account's API settings.`);
    }
    return new TxpError('TRANSFER', `TextPower's service answered with an error: ${faultText}`);
  }
  const status = e.response?.status;
  if (status !== undefined && status >= 500) return new TxpError('TRANSFER', `TextPower's service is not available right now (HTTP ${status}).`, { transient: true });
  if (status === 401 || status === 403) return new TxpError('AUTH', `TextPower's service refused the API login (HTTP ${status}). Check the account's API settings.`);
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')) return new TxpError('TRANSFER', 'TextPower’s service did not answer in time.', { transient: true });
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND') return new TxpError('TRANSFER', `TextPower's service could not be reached (${e.code}).`, { transient: true });
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return new TxpError('TRANSFER', `The connection to TextPower's service was cut before its answer was complete (${e.code}).`, { transient: true });
  // Anything else node-soap throws here is an answer it could not read (its own words, or none,
  // are not for the user): cut off, or not SOAP at all. Worth asking again; never an answer.
  return new TxpError('TRANSFER', "TextPower's service sent an answer that could not be read: cut off on the way, or not a SOAP answer.", { transient: true, cause: error });
}

/** Operation → input parameter names, from node-soap's description of the WSDL. */
function describeOperations(description: unknown): Map<string, string[]> {
  const operations = new Map<string, string[]>();
  for (const service of Object.values((description ?? {}) as Record<string, Record<string, Record<string, { input?: unknown }>>>)) {
    for (const port of Object.values(service)) {
      for (const [name, operation] of Object.entries(port)) {
        const input = operation.input && typeof operation.input === 'object' ? Object.keys(operation.input as object).filter((key) => !key.startsWith('targetNS')) : [];
        operations.set(name, input);
      }
    }
  }
  return operations;
}

/**
 * At most `perSecond` calls in any second *as the service sees them*, whatever the network does.
 * Calls are spaced evenly (with 5 % to spare), and call k + n, n = ⌊perSecond⌋, leaves only a full
 * window (n / perSecond seconds) after the answer to call k came back. The service received call k
 * before it answered it, and receives call k + n after it left, so the two are a window apart at
 * the service even when call k was held up on the way and reached it late: spacing by send
 * times alone let a late call bunch up with the ones behind it (seen in CI, 6 calls in 708 ms).
 */
class RateLimiter {
  private readonly spacingMs: number;
  private readonly window: number;
  private readonly windowMs: number;
  /** When each of the last `window` calls was answered (pending while it is out). */
  private readonly answered: Promise<number>[] = [];
  private turn: Promise<unknown> = Promise.resolve();
  private lastSent = -Infinity;

  constructor(perSecond: number) {
    this.spacingMs = (1000 / perSecond) * 1.05;
    this.window = Math.max(1, Math.floor(perSecond));
    this.windowMs = (this.window / perSecond) * 1000;
  }

  /** Waits for this call's turn; the caller calls the returned function once the call has ended, answered or not. */
  take(signal?: AbortSignal): Promise<() => void> {
    const mine = this.turn.then(async () => {
      const earlier = this.answered.length >= this.window ? this.answered[this.answered.length - this.window] : undefined;
      const anchor = earlier ? await untilAborted(earlier, signal) : -Infinity;
      const at = Math.max(this.lastSent + this.spacingMs, anchor + this.windowMs);
      // A timer may fire a millisecond early by Date.now(); wait until the clock says so.
      for (let now = Date.now(); now < at; now = Date.now()) await sleep(at - now, signal);
      this.lastSent = Date.now();
      let ended!: (at: number) => void;
      this.answered.push(new Promise<number>((resolve) => (ended = resolve)));
      if (this.answered.length > this.window) this.answered.shift();
      return () => ended(Date.now());
    });
    this.turn = mine.catch(() => undefined);
    return mine;
  }
}

function canceled(): TxpError {
  return new TxpError('CANCELED', 'Asking TextPower for the numbers’ status was cancelled.');
}

/** The promise, or CANCELED as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(canceled());
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', abort);
      resolve(value);
    });
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TxpError('CANCELED', 'Cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = (): void => {
      clearTimeout(timer);
      reject(canceled());
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}

function plain(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
