/** The whole sandbox: the SFTP service and its simulated processor, over one folder. */
import { join } from 'node:path';
import { SandboxProcessor, type ResultRow } from './sandbox-processor';
import { startSandboxSftpServer, type SandboxSftpServer } from './sandbox-sftp-server';

export interface Sandbox extends SandboxSftpServer {
  processor: SandboxProcessor;
}

export async function startSandbox(options: { dir: string; port?: number; password?: string; onProcessed?: (name: string, rows: ResultRow[]) => void }): Promise<Sandbox> {
  const server = await startSandboxSftpServer({
    dir: options.dir,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
  });
  const processor = new SandboxProcessor({ root: server.root, stateDir: join(options.dir, 'state'), ...(options.onProcessed ? { onProcessed: options.onProcessed } : {}) });
  await processor.start();
  return {
    ...server,
    processor,
    close: async () => {
      processor.stop();
      await server.close();
    },
  };
}
