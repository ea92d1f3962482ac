import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TxpError } from '../../shared/txp-error';
import type { DialogPort } from '../api/api-handlers';
import { createApiHandlers } from '../api/create-api-handlers';
import { packageRoot } from '../package-root';
import { configDir } from '../config/config-dir';
import { PipelineRunner } from '../jobs/pipeline-runner';
import { sweepTempFiles } from '../sending/temp-files';
import { AccountService, startDefaultSandbox } from '../sending/account-service';
import { startSandbox } from '../sandbox/start-sandbox';
import { AccountStore } from '../sending/account-store';
import { openSecretStore, type SecretStore } from '../sending/secret-store';
import { startLoopbackBridge, type LoopbackBridge } from './loopback-bridge';

/** A browser has no native file dialog to offer from main; the page uses its own file picker. */
const noNativeDialog: DialogPort = {
  chooseFile: async () => {
    throw new TxpError('UNAVAILABLE', 'The browser harness has no native file dialog; use the file picker on the page.');
  },
};

export function builtRendererDir(): string {
  return join(packageRoot(), 'out', 'renderer');
}

/** Starts the loopback bridge over the built renderer with the real main-process services. */
export async function startWebHarness(
  options: { port?: number; dialog?: DialogPort; token?: string; configDir?: string; secrets?: SecretStore } = {},
): Promise<LoopbackBridge> {
  const staticDir = builtRendererDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new TxpError('UNAVAILABLE', `The renderer is not built (no ${join(staticDir, 'index.html')}). Run "npm run build:renderer" first.`);
  }
  const pipeline = new PipelineRunner({ keepSpare: true });
  const dir = options.configDir ?? configDir();
  await sweepTempFiles(dir);
  const accounts = new AccountService(new AccountStore(dir), options.secrets ?? openSecretStore());
  // The sandbox is the default account until a real one is added (DESIGN.md §4).
  const sandbox = await startDefaultSandbox(accounts, join(dir, 'sandbox'), (sandboxDir) => startSandbox({ dir: sandboxDir }));
  const handlers = createApiHandlers({
    dialog: options.dialog ?? noNativeDialog,
    runtime: { shell: 'browser', electronVersion: null, chromeVersion: null },
    pipeline,
    configDir: dir,
    accounts,
  });
  // Copies of the files the page opened live only as long as the harness.
  const openedFilesDir = join(dir, 'opened-files');
  await rm(openedFilesDir, { recursive: true, force: true });
  const bridge = await startLoopbackBridge({
    handlers,
    staticDir,
    openedFilesDir,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  });
  return {
    ...bridge,
    close: async () => {
      await pipeline.cancelAll();
      await bridge.close();
      await sandbox?.close();
      await rm(openedFilesDir, { recursive: true, force: true });
    },
  };
}
