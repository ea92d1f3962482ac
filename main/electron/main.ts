/**
 * The Electron main entry. Wiring only: single-instance lock, one window, the menu, IPC.
 * Every service behind the API is Electron-free (main/api, main/…), shared with the CLI.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, Menu, Notification, type BrowserWindow } from 'electron';
import { PRODUCT_NAME, APP_VERSION } from '../app-meta';
import { createApiHandlers } from '../api/create-api-handlers';
import { createAppServices } from '../jobs/app-services';
import { appMenuTemplate } from './app-menu';
import { createMainWindow } from './create-main-window';
import { electronDialog } from './electron-dialog';
import { registerIpcHandlers, sendEvent } from './register-ipc';
import { FileGrants } from '../api/file-grants';
import { NOT_SENT_OUTCOMES } from '../../shared/accounts/automation';
import { AutomationService } from '../automation/automation-service';
import { runView } from '../automation/run-automation';
import type { TrustedRenderer } from './trusted-sender';

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Electron checklist: no <webview>, no new windows from any web contents, whoever created them.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
}

async function start(): Promise<void> {
  const here = import.meta.dirname;
  const renderer: TrustedRenderer = {
    fileUrl: pathToFileURL(join(here, '../renderer/index.html')).href,
    devOrigin: !app.isPackaged && process.env['ELECTRON_RENDERER_URL'] ? new URL(process.env['ELECTRON_RENDERER_URL']).origin : null,
  };
  const dialogPort = electronDialog(() => mainWindow);
  let services;
  try {
    services = await createAppServices({ configDir: app.getPath('userData'), interactive: true });
  } catch (error) {
    dialog.showErrorBox(PRODUCT_NAME, `${PRODUCT_NAME} could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.quit();
    return;
  }
  const running = services;
  const automations = new AutomationService(services);
  app.on('will-quit', () => void automations.close().then(() => running.close()));
  const files = new FileGrants(services.configDir);
  const handlers = createApiHandlers({
    dialog: dialogPort,
    runtime: { shell: 'electron', electronVersion: process.versions.electron ?? null, chromeVersion: process.versions.chrome ?? null },
    pipeline: services.pipeline,
    configDir: services.configDir,
    accounts: services.accounts,
    files,
    automations,
  });
  registerIpcHandlers(ipcMain, handlers, renderer, files);
  // A run nobody watched: the page hears of it, and a file not sent is a system notification.
  automations.onRun((report) => {
    const view = runView(report);
    if (mainWindow) sendEvent(mainWindow.webContents, { name: 'automation.ran', payload: view });
    const trouble = view.files.filter((f) => NOT_SENT_OUTCOMES.includes(f.outcome));
    if (trouble.length > 0 && Notification.isSupported()) {
      new Notification({ title: `${PRODUCT_NAME}: “${view.automation}” did not send ${trouble.length === 1 ? trouble[0]?.file : `${trouble.length} files`}`, body: trouble[0]?.message ?? '' }).show();
    }
  });
  void automations.startAll();

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate(process.platform, {
        openFile: () => {
          void dialogPort.chooseFile({}).then(async (path) => {
            if (!path) return;
            await files.grant(path);
            if (mainWindow) sendEvent(mainWindow.webContents, { name: 'menu.fileOpened', payload: { path } });
          });
        },
        about: () => {
          void dialog.showMessageBox({
            type: 'info',
            title: `About ${PRODUCT_NAME}`,
            message: PRODUCT_NAME,
            detail: `Version ${APP_VERSION}\nElectron ${process.versions.electron ?? ''}`,
          });
        },
      }),
    ),
  );

  mainWindow = createMainWindow({ preloadPath: join(here, '../preload/index.cjs'), renderer, title: PRODUCT_NAME });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}
