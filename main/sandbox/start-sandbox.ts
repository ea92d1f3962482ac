/**
 * The whole sandbox, a fake of both halves of TextPower over one folder: the SFTP drop with
 * its simulated processor, and the web service (SOAP) that answers from the same opt state.
 */
import { join } from 'node:path';
import { SandboxProcessor, type ResultRow } from './sandbox-processor';
import { startSandboxSftpServer, type SandboxSftpLimits, type SandboxSftpServer } from './sandbox-sftp-server';
import { startSandboxSoap, type SandboxSoapOptions, type SandboxSoapService } from './sandbox-soap';

export interface Sandbox extends SandboxSftpServer {
  processor: SandboxProcessor;
  /** The simulated TextPower web service. */
  api: SandboxSoapService;
}

export interface SandboxOptions {
  dir: string;
  port?: number;
  password?: string;
  onProcessed?: (name: string, rows: ResultRow[]) => void;
  /** Also write this project's simulated results file (TextPower documents none); off by default. */
  resultsFile?: boolean;
  processingDelayMs?: number;
  /** The SFTP service's limits, where not its defaults (SANDBOX_SFTP_LIMITS). */
  sftpLimits?: Partial<SandboxSftpLimits>;
  /** The web service's settings: latency, injected 503s and hangs, a rate ceiling. */
  soap?: Omit<SandboxSoapOptions, 'processor'>;
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const server = await startSandboxSftpServer({
    dir: options.dir,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.sftpLimits ? { limits: options.sftpLimits } : {}),
  });
  const processor = new SandboxProcessor({
    root: server.root,
    stateDir: join(options.dir, 'state'),
    ...(options.onProcessed ? { onProcessed: options.onProcessed } : {}),
    ...(options.resultsFile ? { resultsFile: true } : {}),
    ...(options.processingDelayMs !== undefined ? { processingDelayMs: options.processingDelayMs } : {}),
  });
  await processor.start();
  const api = await startSandboxSoap({ processor, ...options.soap });
  return {
    ...server,
    processor,
    api,
    close: async () => {
      processor.stop();
      await api.close();
      await server.close();
    },
  };
}
