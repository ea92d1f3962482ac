/**
 * The browser harness's stand-in for the preload: the same raw API, over HTTP to the
 * loopback bridge. The token arrives in the URL fragment (never sent to any server), is kept
 * for this tab only, and is removed from the address bar.
 */
import { REQUEST_CHANNELS, methodName } from '../../../shared/ipc-channels';
import type { Envelope, RawTxpApi } from '../../../shared/ipc-contract';

const TOKEN_KEY = 'txp.bridgeToken';

export function readBridgeToken(location: Location, storage: Storage, history: History): string | null {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY);
}

export function createBridgeClient(origin: string, token: string): RawTxpApi {
  const api: Record<string, unknown> = {};
  for (const channel of REQUEST_CHANNELS) {
    api[methodName(channel)] = async (request?: unknown): Promise<Envelope<unknown>> => {
      let response: Response;
      try {
        response = await fetch(`${origin}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: request === undefined ? '' : JSON.stringify(request),
        });
      } catch {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'The app service is not reachable. Is "npm run web" still running?' } };
      }
      if (!response.ok) {
        return { ok: false, error: { code: 'UNAVAILABLE', message: `The app service refused the request (${response.status} ${await response.text()}).` } };
      }
      return (await response.json()) as Envelope<unknown>;
    };
  }
  api['fileToPath'] = async (file: unknown): Promise<Envelope<unknown>> => {
    if (!(file instanceof File)) return { ok: false, error: { code: 'INPUT', message: 'That item is not a file.' } };
    try {
      const response = await fetch(`${origin}/api/file`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}`, 'X-File-Name': encodeURIComponent(file.name) },
        body: file,
      });
      if (!response.ok) return { ok: false, error: { code: 'INPUT', message: `${file.name} could not be opened (${response.status} ${await response.text()}).` } };
      return (await response.json()) as Envelope<unknown>;
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'The app service is not reachable. Is "npm run web" still running?' } };
    }
  };
  api['onEvent'] = (listener: (message: unknown) => void) => {
    const source = new EventSource(`${origin}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (event: MessageEvent<string>) => {
      try {
        listener(JSON.parse(event.data));
      } catch {
        // A frame that is not JSON is not ours; the contract check would drop it anyway.
      }
    };
    return () => source.close();
  };
  return api as RawTxpApi;
}
