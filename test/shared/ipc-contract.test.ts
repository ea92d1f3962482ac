import { describe, expect, it } from 'vitest';
import { methodName, REQUEST_CHANNELS } from '../../shared/ipc-channels';
import { eventMessageSchema, ipcContract } from '../../shared/ipc-contract';
import { exitCodeFor } from '../../shared/txp-error';

describe('IPC contract', () => {
  it('names one API method per channel', () => {
    expect(methodName('app.info')).toBe('appInfo');
    expect(methodName('dialog.openFile')).toBe('dialogOpenFile');
    expect(new Set(REQUEST_CHANNELS.map(methodName)).size).toBe(REQUEST_CHANNELS.length);
    expect(Object.keys(ipcContract).sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('accepts only the declared shape of each event', () => {
    expect(eventMessageSchema.safeParse({ name: 'status', payload: { level: 'info', message: 'ok' } }).success).toBe(true);
    expect(eventMessageSchema.safeParse({ name: 'status', payload: { level: 'loud', message: 'ok' } }).success).toBe(false);
    expect(eventMessageSchema.safeParse({ name: 'nope', payload: {} }).success).toBe(false);
  });

  it('rejects unknown fields in dialog.openFile requests', () => {
    const schema = ipcContract['dialog.openFile'].request;
    expect(schema.safeParse({ title: 'Open' }).success).toBe(true);
    expect(schema.safeParse(undefined).success).toBe(true);
    expect(schema.safeParse({ title: 'Open', defaultPath: '/etc' }).success).toBe(false);
  });

  it('maps error codes to the documented exit statuses', () => {
    expect(exitCodeFor('USAGE')).toBe(2);
    expect(exitCodeFor('INPUT')).toBe(3);
    expect(exitCodeFor('TRANSFER')).toBe(4);
    expect(exitCodeFor('AUTH')).toBe(4);
    expect(exitCodeFor('HOST_KEY')).toBe(4);
  });
});
