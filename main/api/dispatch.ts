/**
 * Validates a request that arrived over IPC or the loopback bridge, runs its handler, and
 * wraps the outcome in an envelope. This is the one place where payloads from the page are
 * checked, so both transports enforce the same contract.
 */
import { ipcContract, REQUEST_CHANNELS, type Envelope, type RequestChannel } from '../../shared/ipc-contract';
import { toTxpError, TxpError } from '../../shared/txp-error';
import { damagedFiles } from '../config/config-file';
import type { ApiHandlers, HandlerContext } from './api-handlers';

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(value);
}

export async function dispatchRequest(handlers: ApiHandlers, channel: string, payload: unknown, context: HandlerContext): Promise<Envelope<unknown>> {
  if (!isRequestChannel(channel)) {
    return { ok: false, error: { code: 'INVALID_PAYLOAD', message: `Unknown channel "${channel}".` } };
  }
  const parsed = ipcContract[channel].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : '';
    return {
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: `Invalid request for "${channel}"${where}: ${issue?.message ?? 'rejected'}.` },
    };
  }
  try {
    const handler = handlers[channel] as (request: unknown, context: HandlerContext) => Promise<unknown>;
    const value = await handler(parsed.data, context).finally(() => tellDamagedFiles(context));
    // Main checks its own answers too: a response that breaks the contract is a bug here, not in the page.
    const checked = ipcContract[channel].response.safeParse(value);
    if (!checked.success) {
      throw new TxpError('INTERNAL', `The response to "${channel}" does not match the IPC contract.`);
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toTxpError(error).toData() };
  }
}

/** Damaged config files met while handling a request (set aside by config-file.ts) reach the page as warnings. */
function tellDamagedFiles(context: HandlerContext): void {
  for (const notice of damagedFiles.take()) context.emit('status', { level: 'warning', message: notice.message });
}
