/**
 * Serves the API handlers over Electron IPC. Thin glue (STYLE.md habit 4): check the sender,
 * let the shared dispatcher validate the payload and run the handler, return its envelope.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { FILE_PICKED_CHANNEL } from '../../shared/ipc-channels';
import { EVENT_CHANNEL, REQUEST_CHANNELS, type Envelope, type EventMessage } from '../../shared/ipc-contract';
import type { ApiHandlers } from '../api/api-handlers';
import type { FileAccess } from '../api/file-grants';
import { dispatchRequest } from '../api/dispatch';
import { isTrustedSenderFrame, type TrustedRenderer } from './trusted-sender';

export function registerIpcHandlers(ipcMain: IpcMain, handlers: ApiHandlers, renderer: TrustedRenderer, files: FileAccess): () => void {
  // The preload's report of a file the user dropped or picked (never a channel of the page's API).
  ipcMain.handle(FILE_PICKED_CHANNEL, async (event: IpcMainInvokeEvent, path: unknown): Promise<void> => {
    if (isTrustedSenderFrame(event.senderFrame, renderer) && typeof path === 'string' && path !== '') await files.grant(path);
  });
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSenderFrame(event.senderFrame, renderer)) {
        return { ok: false, error: { code: 'UNTRUSTED_SENDER', message: `Refused "${channel}" from an untrusted page.` } };
      }
      const sender = event.sender;
      const controller = new AbortController();
      const abort = (): void => controller.abort();
      sender.once('destroyed', abort);
      try {
        return await dispatchRequest(handlers, channel, payload, {
          emit: (name, eventPayload) => sendEvent(sender, { name, payload: eventPayload } as EventMessage),
          signal: controller.signal,
        });
      } finally {
        sender.removeListener('destroyed', abort);
      }
    });
  }
  return () => {
    ipcMain.removeHandler(FILE_PICKED_CHANNEL);
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

export function sendEvent(contents: WebContents, message: EventMessage): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, message);
}
