/**
 * The preload: exposes exactly one method per request channel, plus one event subscription,
 * as `window.txp`. It never exposes ipcRenderer itself (Electron security checklist), and it
 * holds no logic: validation happens in main on arrival and in the page's API module.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_GLOBAL, EVENT_CHANNEL, FILE_PICKED_CHANNEL, REQUEST_CHANNELS, methodName } from '../../shared/ipc-channels';

const api: Record<string, unknown> = {};
for (const channel of REQUEST_CHANNELS) {
  api[methodName(channel)] = (request?: unknown) => ipcRenderer.invoke(channel, request);
}
api['onEvent'] = (listener: (message: unknown) => void) => {
  const forward = (_event: IpcRendererEvent, message: unknown): void => listener(message);
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
};

// A dropped or picked file's own path (Electron removed File.path; webUtils is its replacement).
// The pattern Electron documents: the File crosses the context bridge and webUtils reads its path.
// Main is told, so that the page may have that file read: a page cannot forge a File with a path.
api['fileToPath'] = async (file: unknown) => {
  let path = '';
  try {
    path = webUtils.getPathForFile(file as File);
  } catch {
    // Not a File: answered below like a file with no path.
  }
  if (!path) return { ok: false, error: { code: 'INPUT', message: 'That item is not a file on this computer.' } };
  await ipcRenderer.invoke(FILE_PICKED_CHANNEL, path);
  return { ok: true, value: { path } };
};

contextBridge.exposeInMainWorld(API_GLOBAL, api);
