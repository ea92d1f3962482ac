/**
 * The only module that calls the raw API object (the preload's `window.txp`, or the loopback
 * bridge in a browser). It validates every response and event against the IPC contract on
 * arrival and turns error envelopes into TxpErrors.
 */
import { API_GLOBAL, REQUEST_CHANNELS, methodName } from '../../../shared/ipc-channels';
import { envelopeSchema, eventMessageSchema, ipcContract, type EventName, type EventPayload, type RawTxpApi, type TxpApi } from '../../../shared/ipc-contract';
import { z } from 'zod';
import { TxpError } from '../../../shared/txp-error';
import { createBridgeClient, readBridgeToken } from './bridge-client';

const filePathSchema = z.object({ path: z.string().min(1) });

type ApiWindow = Window & { [API_GLOBAL]?: RawTxpApi };

/** The raw API: the preload's in the app; in a browser, a bridge client installed in its place. */
export function resolveRawApi(win: ApiWindow = window as ApiWindow): RawTxpApi {
  const existing = win[API_GLOBAL];
  if (existing) return existing;
  const token = readBridgeToken(win.location, win.sessionStorage, win.history);
  if (!token) {
    throw new TxpError('UNAVAILABLE', 'This page was opened without its access token. Open the address that "npm run web" printed.');
  }
  const client = createBridgeClient(win.location.origin, token);
  // Expose it under the same name as the preload does, so the page and its tests see one API.
  Object.defineProperty(win, API_GLOBAL, { value: client, writable: false, configurable: false });
  return client;
}

export function createTxpApi(raw: RawTxpApi): TxpApi {
  const api: Record<string, unknown> = {};
  for (const channel of REQUEST_CHANNELS) {
    const method = methodName(channel);
    api[method] = async (request?: unknown) => {
      const call = raw[method] as (request?: unknown) => Promise<unknown>;
      const envelope = envelopeSchema.safeParse(await call(request));
      if (!envelope.success) throw new TxpError('INTERNAL', `The app sent a malformed answer to "${channel}".`);
      if (!envelope.data.ok) throw TxpError.fromData(envelope.data.error);
      const value = ipcContract[channel].response.safeParse(envelope.data.value);
      if (!value.success) throw new TxpError('INTERNAL', `The app's answer to "${channel}" does not match the contract.`);
      return value.data;
    };
  }
  api['on'] = <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) =>
    raw.onEvent((message) => {
      const parsed = eventMessageSchema.safeParse(message);
      if (parsed.success && parsed.data.name === name) listener(parsed.data.payload as EventPayload<E>);
    });
  api['fileToPath'] = async (file: unknown) => {
    const envelope = envelopeSchema.safeParse(await raw.fileToPath(file));
    if (!envelope.success) throw new TxpError('INTERNAL', 'The app sent a malformed answer about a file.');
    if (!envelope.data.ok) throw TxpError.fromData(envelope.data.error);
    const value = filePathSchema.safeParse(envelope.data.value);
    if (!value.success) throw new TxpError('INTERNAL', 'The app sent a malformed answer about a file.');
    return value.data.path;
  };
  return api as TxpApi;
}

let cached: TxpApi | null = null;

export function txpApi(): TxpApi {
  cached ??= createTxpApi(resolveRawApi());
  return cached;
}
