/**
 * The Electron layer, with a fake `electron` module: the window gets the security
 * checklist's webPreferences and handlers, and IPC refuses untrusted senders and invalid
 * payloads before any service runs.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain } from 'electron';
import { FakeBrowserWindow, FakeIpcMain, FakeWebContents } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule);

const { createMainWindow } = await import('../../../main/electron/create-main-window');
const { registerIpcHandlers } = await import('../../../main/electron/register-ipc');
const { createApiHandlers } = await import('../../../main/api/create-api-handlers');
const { testApiDeps } = await import('../../support/api-deps');
const { FILE_PICKED_CHANNEL, REQUEST_CHANNELS } = await import('../../../shared/ipc-channels');

const renderer = { fileUrl: 'file:///opt/TextPower/resources/app.asar/out/renderer/index.html', devOrigin: null };

describe('createMainWindow', () => {
  beforeEach(() => {
    FakeBrowserWindow.created = [];
  });

  it('applies the secure webPreferences of the Electron checklist', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', renderer, title: 'TXP' });
    const [window] = FakeBrowserWindow.created;
    expect(window?.options['webPreferences']).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(window?.loadedUrl).toBe(renderer.fileUrl);
  });

  it('denies new windows, navigation, webviews and every permission', () => {
    const window = createMainWindow({ preloadPath: '/p.cjs', renderer, title: 'TXP' }) as unknown as FakeBrowserWindow;
    const contents = window.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault });
      expect(preventDefault, event).toHaveBeenCalled();
    }
    const callback = vi.fn();
    contents.session.permissionRequestHandler?.(contents, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(contents.session.permissionCheckHandler?.(contents, 'notifications')).toBe(false);
  });
});

describe('registerIpcHandlers', () => {
  const chooseFile = vi.fn(async () => '/home/office/export.csv');
  const granted: string[] = [];
  const picked = { grant: async (path: string) => void granted.push(path), check: async () => undefined };
  const ipcMain = new FakeIpcMain();
  registerIpcHandlers(
    ipcMain as unknown as IpcMain,
    createApiHandlers(testApiDeps({ dialog: { chooseFile }, runtime: { shell: 'electron', electronVersion: '45.5.0', chromeVersion: '140' } })),
    renderer,
    picked,
  );
  const invoke = (channel: string, frame: { url: string; parent: unknown }, payload?: unknown) => ipcMain.handlers.get(channel)?.({ senderFrame: frame, sender: new FakeWebContents() }, payload);
  const ourFrame = { url: renderer.fileUrl, parent: null };

  beforeEach(() => chooseFile.mockClear());

  it('registers exactly the contract channels, and the preload’s own channel for picked files', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS, FILE_PICKED_CHANNEL].sort());
  });

  it('lets a picked file be read only when our own page’s preload reports it', async () => {
    await invoke(FILE_PICKED_CHANNEL, { url: 'https://evil.example/index.html', parent: null }, '/etc/shadow');
    await invoke(FILE_PICKED_CHANNEL, ourFrame, 42);
    expect(granted).toEqual([]);
    await invoke(FILE_PICKED_CHANNEL, ourFrame, '/home/office/dropped.csv');
    expect(granted).toEqual(['/home/office/dropped.csv']);
    expect(REQUEST_CHANNELS).not.toContain(FILE_PICKED_CHANNEL); // the page's API has no way to call it
  });

  it('answers our own page', async () => {
    expect(await invoke('app.info', ourFrame)).toMatchObject({ ok: true, value: { shell: 'electron', versions: { electron: '45.5.0' } } });
  });

  it('refuses a page that is not ours, and a sub-frame of ours, before running the service', async () => {
    for (const frame of [
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'file:///tmp/other/index.html', parent: null },
      { url: renderer.fileUrl, parent: { url: 'file:///' } },
    ]) {
      expect(await invoke('dialog.openFile', frame, {})).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    }
    expect(chooseFile).not.toHaveBeenCalled();
  });

  it('refuses an invalid payload from our own page, before running the service', async () => {
    expect(await invoke('dialog.openFile', ourFrame, { title: 'x', defaultPath: '/etc' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    expect(await invoke('dialog.openFile', ourFrame, 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(chooseFile).not.toHaveBeenCalled();
    expect(await invoke('dialog.openFile', ourFrame, { title: 'Open' })).toEqual({
      ok: true,
      value: { canceled: false, path: '/home/office/export.csv' },
    });
  });
});
