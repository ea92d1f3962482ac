import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TxpError } from '../../shared/txp-error';
import type { DialogPort } from '../api/api-handlers';
import { createApiHandlers } from '../api/create-api-handlers';
import { packageRoot } from '../package-root';
import { configDir } from '../config/config-dir';
import { createAppServices, type AppServicesOptions } from '../jobs/app-services';
import type { SecretStore } from '../sending/secret-store';
import { startLoopbackBridge, type LoopbackBridge } from './loopback-bridge';
import { FileGrants } from '../api/file-grants';
import { AutomationService } from '../automation/automation-service';
import { runView } from '../automation/run-automation';

/** A browser has no native file dialog to offer from main; the page uses its own file picker. */
const noNativeDialog: DialogPort = {
  chooseFile: async () => {
    throw new TxpError('UNAVAILABLE', 'The browser harness has no native file dialog; use the file picker on the page.');
  },
};

export function builtRendererDir(): string {
  return join(packageRoot(), 'out', 'renderer');
}

/** The harness: the bridge, and the files the page may read (as main grants them for its File › Open… menu). */
export interface WebHarness extends LoopbackBridge {
  files: FileGrants;
}

/** Starts the loopback bridge over the built renderer with the real main-process services. */
export async function startWebHarness(
  options: { port?: number; dialog?: DialogPort; token?: string; configDir?: string; secrets?: SecretStore; sandbox?: AppServicesOptions['sandbox'] } = {},
): Promise<WebHarness> {
  const staticDir = builtRendererDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new TxpError('UNAVAILABLE', `The renderer is not built (no ${join(staticDir, 'index.html')}). Run "npm run build:renderer" first.`);
  }
  const dir = options.configDir ?? configDir();
  const services = await createAppServices({ configDir: dir, interactive: true, ...(options.secrets ? { secrets: options.secrets } : {}), ...(options.sandbox ? { sandbox: options.sandbox } : {}) });
  const files = new FileGrants(dir);
  const automations = new AutomationService(services);
  const handlers = createApiHandlers({
    dialog: options.dialog ?? noNativeDialog,
    runtime: { shell: 'browser', electronVersion: null, chromeVersion: null },
    pipeline: services.pipeline,
    configDir: dir,
    accounts: services.accounts,
    files,
    automations,
  });
  // Copies of the files the page opened live only as long as the harness.
  const openedFilesDir = join(dir, 'opened-files');
  await rm(openedFilesDir, { recursive: true, force: true });
  const bridge = await startLoopbackBridge({
    handlers,
    staticDir,
    openedFilesDir,
    files,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  });
  // Automations run while the window is open; what they do by themselves is told to the page.
  automations.onRun((report) => bridge.send({ name: 'automation.ran', payload: runView(report) }));
  await automations.startAll();
  return {
    ...bridge,
    files,
    close: async () => {
      await automations.close();
      await bridge.close();
      await services.close();
      await rm(openedFilesDir, { recursive: true, force: true });
    },
  };
}
