import { describe, expect, it } from 'vitest';
import type { ApiHandlers, HandlerContext } from '../../../main/api/api-handlers';
import { createApiHandlers } from '../../../main/api/create-api-handlers';
import { dispatchRequest } from '../../../main/api/dispatch';
import { testApiDeps } from '../../support/api-deps';

const context: HandlerContext = { emit: () => undefined, signal: new AbortController().signal };

function handlersWithDialog(path: string | null): ApiHandlers {
  return createApiHandlers(testApiDeps({ dialog: { chooseFile: async () => path } }));
}

describe('dispatchRequest', () => {
  it('answers app.info with the package version', async () => {
    const envelope = await dispatchRequest(handlersWithDialog(null), 'app.info', undefined, context);
    expect(envelope).toMatchObject({ ok: true, value: { name: 'textpower-upload-assistant', version: '0.1.0', shell: 'browser' } });
  });

  it('refuses unknown channels and invalid payloads without calling a handler', async () => {
    expect(await dispatchRequest(handlersWithDialog(null), 'fs.readFile', { path: '/etc/passwd' }, context)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    const invalid = await dispatchRequest(handlersWithDialog('/x.csv'), 'dialog.openFile', { title: 42 }, context);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    if (!invalid.ok) expect(invalid.error.message).toContain('"title"');
  });

  it('returns the chosen file or a cancellation', async () => {
    expect(await dispatchRequest(handlersWithDialog('/tmp/export.csv'), 'dialog.openFile', {}, context)).toEqual({
      ok: true,
      value: { canceled: false, path: '/tmp/export.csv' },
    });
    expect(await dispatchRequest(handlersWithDialog(null), 'dialog.openFile', undefined, context)).toEqual({ ok: true, value: { canceled: true } });
  });

  it('wraps a thrown error in an error envelope', async () => {
    const handlers = createApiHandlers(
      testApiDeps({
        dialog: {
          chooseFile: async () => {
            throw new Error('boom');
          },
        },
      }),
    );
    expect(await dispatchRequest(handlers, 'dialog.openFile', {}, context)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });
});
