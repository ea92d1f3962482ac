import { APP_NAME, APP_VERSION, PRODUCT_NAME } from '../app-meta';
import type { ApiDependencies, ApiHandlers } from './api-handlers';

/** Wires the services behind each request channel. Handlers stay a few lines each. */
export function createApiHandlers(deps: ApiDependencies): ApiHandlers {
  return {
    'app.info': async () => ({
      name: APP_NAME,
      productName: PRODUCT_NAME,
      version: APP_VERSION,
      platform: process.platform,
      shell: deps.runtime.shell,
      versions: {
        node: process.versions.node,
        electron: deps.runtime.electronVersion,
        chrome: deps.runtime.chromeVersion,
      },
    }),
    'dialog.openFile': async (request) => {
      const path = await deps.dialog.chooseFile({ ...(request?.title ? { title: request.title } : {}) });
      return path === null ? { canceled: true } : { canceled: false, path };
    },
  };
}
