/**
 * Until a real account is added, the app's services start the sandbox (loopback only) and
 * offer it as the default account; sending to it works with no TextPower account at all.
 * Driven through the loopback bridge's HTTP API, as the page does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionSecretStore } from '../../../main/sending/secret-store';
import { startWebHarness } from '../../../main/bridge/start-web-harness';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

const config = mkdtempSync(join(tmpdir(), 'txp-config-'));
const fixtures = new FixtureDir();
afterAll(() => {
  rmSync(config, { recursive: true, force: true });
  fixtures.remove();
});

describe('default sandbox account', () => {
  it('is started, trusted and usable, and stops with the app', async () => {
    const bridge = await startWebHarness({ configDir: config, secrets: new SessionSecretStore('test') });
    let port = 0;
    try {
      const call = async (channel: string, payload?: unknown) => {
        const response = await fetch(`${bridge.origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
          body: payload === undefined ? '' : JSON.stringify(payload),
        });
        return (await response.json()) as { ok: boolean; value: Record<string, unknown> };
      };
      const listed = await call('account.list');
      const [sandbox] = listed.value['accounts'] as { name: string; host: string; port: number; hasSecret: boolean; hostKey: { fingerprint: string } | null }[];
      expect(sandbox).toMatchObject({ name: 'Sandbox', host: '127.0.0.1', hasSecret: true });
      expect(sandbox?.hostKey?.fingerprint).toMatch(/^SHA256:/);
      port = sandbox?.port ?? 0;
      // Handed over as the page does it (the harness reads only files the user picked).
      const handed = await fetch(`${bridge.origin}/api/file`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${bridge.token}`, 'X-File-Name': 'contacts.csv' },
        body: readFileSync(fixtures.text('contacts.csv', 'Name,Mobile\nAnn,(212) 555-0124\n')),
      });
      const { path } = ((await handed.json()) as { value: { path: string } }).value;
      const { plan } = (await call('list.check', { taskId: 'default-0', path, request: {} })).value;
      const sent = await call('list.send', { taskId: 'default-1', path, plan, account: 'Sandbox' });
      expect(sent).toMatchObject({ ok: true, value: { numbers: 1 } });
      expect(sent.value).not.toHaveProperty('record'); // the record of what was sent stays in main
      // The results are joined to the record of what was sent, not to a second check of the file:
      // a number changed in the file after the send does not change what the results say was sent.
      writeFileSync(path, 'Name,Mobile\nAnn,(212) 555-0199\n');
      // The results loop, as the results screen uses it: processed (the file left the drop folder),
      // then the status per number from the sandbox's web service (simulated), joined to the rows.
      const results = await call('list.results', { taskId: 'default-2', path, plan, account: 'Sandbox', remoteName: sent.value['remoteName'] });
      expect(results).toMatchObject({
        ok: true,
        value: {
          simulated: true,
          processed: { processed: true },
          statusSource: 'sandbox',
          statusNote: null,
          counts: { lineTypes: { mobile: 1 }, optStatus: { opted_in: 1 }, sources: { sandbox: 1 } },
          numbers: [
            {
              row: 2,
              column: 'Mobile',
              value: '(212) 555-0199',
              phone: '+12125550124',
              lineType: 'mobile',
              optStatus: 'opted_in',
              source: 'sandbox',
              detail: expect.stringContaining('sent; opted in (single)'),
            },
          ],
          numbersTruncated: false,
        },
      });
    } finally {
      await bridge.close();
    }
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
