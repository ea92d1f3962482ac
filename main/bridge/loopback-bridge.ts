/**
 * The loopback bridge (DESIGN.md §2): serves the built renderer and the same API the preload
 * exposes, over HTTP on 127.0.0.1 only, so the UI runs in an ordinary browser for development
 * and end-to-end tests. Every API call must carry the random token of this run; the Host and
 * Origin headers are checked as well, so another page in the same browser (or a DNS rebinding
 * trick) cannot drive it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { EventMessage } from '../../shared/ipc-contract';
import type { ApiHandlers } from '../api/api-handlers';
import { dispatchRequest } from '../api/dispatch';
import type { FileAccess } from '../api/file-grants';

export interface LoopbackBridgeOptions {
  handlers: ApiHandlers;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /**
   * A private folder for files the page picks or drops (a browser cannot give a path, so it
   * sends the bytes, and the services read the copy). Without it, the page cannot open files.
   */
  openedFilesDir?: string;
  /** Told of each file the page hands over, so that the page may read it (the user picked it). */
  files?: FileAccess;
  /** How long a client may take to send a request's headers, or stay connected without one (shorter in tests). */
  slowClientMs?: number;
}

/** Control characters, slashes and colons never reach a file name. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f/\\:]/g;

/** The largest file the page may hand over (the pipeline's own limits are lower for workbooks). */
export const MAX_OPENED_FILE_BYTES = 1024 * 1024 * 1024;

export interface LoopbackBridge {
  /** The address to open, token included (in the fragment, which is never sent to a server). */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Sends an event to the open pages, as main does in the app (e.g. File › Open… → `menu.fileOpened`). */
  send(message: EventMessage): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Headers every response carries; the CSP matches the one the app's index.html declares. */
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

export async function startLoopbackBridge(options: LoopbackBridgeOptions): Promise<LoopbackBridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const staticRoot = resolve(options.staticDir);
  const eventStreams = new Set<ServerResponse>();
  const pageController = new AbortController();
  let origin = '';
  let allowedHosts: string[] = [];

  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const broadcast = (message: EventMessage): void => {
    const frame = `data: ${JSON.stringify(message)}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  };

  const slow = options.slowClientMs ?? 10_000;
  // A client that dribbles its headers (slowloris) or connects and says nothing is answered 408
  // and cut off after `slow` (checked every second, not Node's default 30 s), so many of them
  // cannot hold the page's own requests out; an upload has two minutes; an idle keep-alive
  // connection goes after Node's 5 s.
  const server = createServer({ headersTimeout: slow, requestTimeout: 120_000, connectionsCheckingInterval: Math.min(1000, slow) }, (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Only requests addressed to this loopback origin (blocks DNS rebinding).
    if (!allowedHosts.includes(request.headers.host ?? '')) {
      return send(response, 421, 'text/plain', 'Misdirected request');
    }
    let url: URL;
    let pathname: string;
    try {
      url = new URL(request.url ?? '/', origin);
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(response, 400, 'text/plain', 'Malformed address');
    }
    if (pathname.includes('\0')) return send(response, 400, 'text/plain', 'Malformed address');

    if (url.pathname.startsWith('/api/')) {
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin) {
        return send(response, 403, 'text/plain', 'Cross-origin requests are refused');
      }
      if (url.pathname === '/api/events' && request.method === 'GET') {
        // EventSource cannot set headers, so the token comes in the query for this one route.
        if (!tokenMatches(url.searchParams.get('token'))) return send(response, 401, 'text/plain', 'Missing or wrong token');
        response.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/event-stream; charset=utf-8',
          Connection: 'keep-alive',
        });
        response.write(': connected\n\n');
        eventStreams.add(response);
        request.on('close', () => eventStreams.delete(response));
        return;
      }
      if (request.method !== 'POST') return send(response, 405, 'text/plain', 'Method not allowed');
      const auth = request.headers.authorization ?? '';
      if (!tokenMatches(auth.startsWith('Bearer ') ? auth.slice(7) : null)) {
        return send(response, 401, 'text/plain', 'Missing or wrong token');
      }
      if (url.pathname === '/api/file') return receiveFile(request, response);
      // A JSON content type cannot be sent by a plain HTML form, which keeps CSRF out.
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(response, 415, 'text/plain', 'Expected application/json');
      }
      const body = await readBody(request);
      if (body === null) return send(response, 413, 'text/plain', 'Request too large');
      let payload: unknown;
      try {
        payload = body.length === 0 ? undefined : JSON.parse(body);
      } catch {
        return send(response, 400, 'text/plain', 'Malformed JSON');
      }
      const channel = pathname.slice('/api/'.length);
      const envelope = await dispatchRequest(options.handlers, channel, payload, {
        emit: (name, eventPayload) => broadcast({ name, payload: eventPayload } as EventMessage),
        signal: pageController.signal,
      });
      return send(response, 200, 'application/json', JSON.stringify(envelope));
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'Method not allowed');
    return serveStatic(pathname, response);
  }

  /** A file the page picked or dropped: its bytes are kept in a private folder, and its path is returned. */
  async function receiveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!options.openedFilesDir) return send(response, 404, 'text/plain', 'Not found');
    if (request.headers['content-type'] !== 'application/octet-stream') return send(response, 415, 'text/plain', 'Expected application/octet-stream');
    const length = Number(request.headers['content-length'] ?? NaN);
    if (!Number.isInteger(length) || length > MAX_OPENED_FILE_BYTES) return send(response, 413, 'text/plain', 'File too large or of unknown size');
    // The name only: whatever the page says, the file lands in a fresh folder of our own.
    let given: string;
    try {
      given = decodeURIComponent(String(request.headers['x-file-name'] ?? 'file'));
    } catch {
      return send(response, 400, 'text/plain', 'Malformed file name');
    }
    const name = basename(given).replace(UNSAFE_NAME_CHARACTERS, '_') || 'file';
    const folder = join(options.openedFilesDir, randomBytes(8).toString('hex'));
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = join(folder, name === '.' || name === '..' ? 'file' : name);
    try {
      await pipeline(request, createWriteStream(path, { mode: 0o600, flags: 'wx' }));
    } catch {
      await rm(folder, { recursive: true, force: true });
      return send(response, 400, 'text/plain', 'The file did not arrive whole');
    }
    await options.files?.grant(path);
    return send(response, 200, 'application/json', JSON.stringify({ ok: true, value: { path } }));
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    const relative = pathname === '/' ? '/index.html' : pathname;
    const file = resolve(join(staticRoot, relative));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return send(response, 404, 'text/plain', 'Not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(response, 404, 'text/plain', 'Not found');
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
    });
    createReadStream(file).pipe(response);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    send: broadcast,
    close: async () => {
      pageController.abort();
      for (const stream of eventStreams) stream.end();
      eventStreams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolveBody(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', rejectBody);
  });
}
