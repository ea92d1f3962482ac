/**
 * Mirror mode against the real sandbox and a real OS keychain (GNOME Keyring over the Secret
 * Service): the first run only records; the next sends removals for the numbers that left the
 * export (and the opt-out column still wins); a run that would remove 50 % stops, says why and
 * sends nothing until approved; a run killed in the middle of its upload leaves the kept list as
 * it was; an export without a number is refused, not taken as a list to empty; the kept list holds no number in plain text and cannot be read without its keychain entry.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { automationFixture, exportText, number, until, type AutomationFixture } from '../../support/automation-fixture';
import { REPO_ROOT } from '../../support/run-txp';
import { runInSecretServiceSession } from '../../support/secret-service';

let fx: AutomationFixture;
beforeAll(async () => {
  fx = await automationFixture({ keychain: true });
}, 60_000);
afterAll(() => fx?.close());

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('txp watch --mirror', () => {
  it('records first, then removes what left the export; stops at 50 %; a killed run changes nothing; the kept list is sealed by the keychain', { timeout: 180_000 }, async () => {
    const exports = join(fx.config, 'exports');
    const write = (name: string, text: string) => writeFileSync(join(exports, name), text);
    mkdirSync(exports);
    write('v1.csv', exportText(range(1, 10)));
    // 9 and 10 left the CRM; 3 opted out (its row says so); 11 is new: 2 of 10 removed = 20 %, as much as is allowed.
    write('v2.csv', exportText([...range(1, 8), 11], [3]));
    // Kept after v2: 1 2 4 5 6 7 8 11. This one keeps 1 2 4 5: half the list would go.
    write('v3.csv', exportText([1, 2, 4, 5]));
    // The whole list and many more, big enough that its upload is still going when the run is killed.
    const big = [
      'Name,Phone,Opt Out',
      ...[1, 2, 4, 5, 6, 7, 8, 11].map((n) => `Person ${n},${number(n)},No`),
      ...range(0, 599_999).map((n) => `Person ${n},212${200 + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, '0')},No`),
    ];
    write('big.csv', big.join('\r\n') + '\r\n');
    const txp = `node ${join(REPO_ROOT, 'bin/txp.mjs')}`;
    const watch = `${txp} watch "$FOLDER" --profile CRM --account Local --mirror --settle-seconds 0 --once`;
    const script = [
      `printf '%s' "$SFTP_PASSWORD" | ${txp} account add Local ${fx.login.join(' ')} --password-stdin >/dev/null`,
      `${txp} account trust Local --fingerprint "$FINGERPRINT" >/dev/null`,
      `state() { cat "$TXP_CONFIG_DIR"/mirror/*.json 2>/dev/null | sha256sum | cut -c1-16; }`,
      `cp "$EXPORTS/v1.csv" "$FOLDER/"; ${watch} --json > "$EXPORTS/run1.json"`,
      `cp "$EXPORTS/v2.csv" "$FOLDER/"; ${watch} --json > "$EXPORTS/run2.json"`,
      `echo "state after run 2: $(state)"`,
      // Killed with SIGKILL while its upload is under way (a .part is on the server).
      `cp "$EXPORTS/big.csv" "$FOLDER/"; ${watch} > "$EXPORTS/killed.out" 2>&1 & pid=$!`,
      `n=0; while [ -z "$(find "$SANDBOX_ROOT" -name '*.part' 2>/dev/null)" ] && [ $n -lt 1500 ]; do sleep 0.02; n=$((n+1)); done`,
      `kill -9 $pid; wait $pid 2>/dev/null || true`,
      `echo "state after the killed run: $(state)"`,
      `ls "$FOLDER" > "$EXPORTS/after-kill.txt"; rm "$FOLDER/big.csv"`,
      `cp "$EXPORTS/v3.csv" "$FOLDER/"; set +e; ${watch} > "$EXPORTS/run3.out"; echo "run 3 exit $?"; set -e`,
      `echo "state after run 3: $(state)"`,
      `${watch} --approve-removals --json > "$EXPORTS/run4.json"`,
      `echo "state after run 4: $(state)"`,
      // An export with its header and no number at all is broken, not a list to empty.
      `printf 'Name,Phone,Opt Out\\r\\n' > "$FOLDER/v6.csv"; set +e; ${watch} > "$EXPORTS/run6.out"; echo "run 6 exit $?"; set -e`,
      `echo "state after run 6: $(state)"`,
    ].join('\n');
    const env = { ...fx.env, FOLDER: fx.folder, EXPORTS: exports, SFTP_PASSWORD: fx.sandbox.password, FINGERPRINT: fx.sandbox.fingerprint, SANDBOX_ROOT: fx.sandbox.root };
    const session = await runInSecretServiceSession(script, env, 150_000);
    expect(session.stderr).toBe('');
    expect(session.status).toBe(0);
    const report = (name: string) => JSON.parse(readFileSync(join(exports, name), 'utf8')) as { files: { outcome: string; removals: number; mirror: string; numbers: number }[] };

    // Run 1 records and removes nothing.
    expect(report('run1.json').files).toMatchObject([{ outcome: 'sent', mirror: 'recorded', removals: 0, numbers: 10 }]);
    const removedIn = (at: number) => (fx.processed[at]?.rows ?? []).filter((r) => r.detail === 'removed by upload').map((r) => r.phone);
    expect(removedIn(0)).toEqual([]);
    // Run 2 sends 9 and 10 as removals, and 3 as a removal of its own row's opt-out.
    expect(report('run2.json').files).toMatchObject([{ outcome: 'sent', mirror: 'removed', removals: 2 }]);
    expect(removedIn(1).sort()).toEqual([`+1${number(10)}`, `+1${number(3)}`, `+1${number(9)}`].sort());

    // The killed run was killed mid-upload: its file never reached sent/, and the kept list is as it was.
    const lines = session.stdout.split('\n');
    const stateAfter = (what: string) => lines.find((l) => l.startsWith(`state after ${what}: `))?.split(': ')[1];
    expect(readFileSync(join(exports, 'after-kill.txt'), 'utf8').split('\n')).toContain('big.csv');
    expect(readFileSync(join(exports, 'killed.out'), 'utf8')).not.toContain('Sent big.csv');
    expect(stateAfter('run 2')).toMatch(/^[0-9a-f]{16}$/);
    expect(stateAfter('the killed run')).toBe(stateAfter('run 2'));

    // Run 3 would remove 4 of 8: it stops, says why, sends nothing and leaves the list alone.
    expect(session.stdout).toContain('run 3 exit 6');
    const run3 = readFileSync(join(exports, 'run3.out'), 'utf8');
    expect(run3).toContain('Not sent: v3.csv: Mirror mode stopped: this file would remove 4 of the 8 numbers sent last time (50 %), more than the 20 % allowed.');
    expect(run3).toContain('--approve-removals');
    expect(stateAfter('run 3')).toBe(stateAfter('run 2'));
    // Approved, it goes with its 4 removals.
    expect(report('run4.json').files).toMatchObject([{ outcome: 'sent', mirror: 'removed', removals: 4 }]);
    // The sandbox processes an upload a moment after it arrives: runs 1, 2 and 4.
    await until(() => fx.processed.length === 3, 20_000, 'the sandbox to process the approved upload');
    expect(removedIn(fx.processed.length - 1).sort()).toEqual([6, 7, 8, 11].map((n) => `+1${number(n)}`).sort());
    expect(fx.processed.filter((p) => p.rows.length > 1000)).toEqual([]);

    // The header-only export: refused as having nothing to send, moved to failed/, the list untouched.
    expect(session.stdout).toContain('run 6 exit 5');
    expect(readFileSync(join(exports, 'run6.out'), 'utf8')).toMatch(
      /^Not sent: v6\.csv: v6\.csv has nothing to send: no phone number was found in its phone columns\. Nothing was sent\. Moved to the “failed” folder/,
    );
    expect(stateAfter('run 6')).toBe(stateAfter('run 4'));
    expect(stateAfter('run 4')).not.toBe(stateAfter('run 2'));

    // The kept list: no number in plain text, in any form.
    const files = readdirSync(join(fx.config, 'mirror'));
    expect(files).toHaveLength(1);
    const sealed = readFileSync(join(fx.config, 'mirror', files[0] as string), 'utf8');
    for (const n of [1, 2, 4, 5]) for (const form of [number(n), `1${number(n)}`, `+1${number(n)}`]) expect(sealed).not.toContain(form);
    expect(Object.keys(JSON.parse(sealed) as object).sort()).toEqual(['cipher', 'data', 'iv', 'savedAt', 'tag', 'version']);
    const hash = createHash('sha256').update(sealed).digest('hex');

    // Another session has another keyring, without the key: the list cannot be read, so the run starts afresh and removes nothing.
    write('v5.csv', exportText([1]));
    const fresh = await runInSecretServiceSession(
      [
        `printf '%s' "$SFTP_PASSWORD" | ${txp} account add Local ${fx.login.join(' ')} --password-stdin >/dev/null`,
        `${txp} account trust Local --fingerprint "$FINGERPRINT" >/dev/null`,
        `cp "$EXPORTS/v5.csv" "$FOLDER/"; ${watch}`,
      ].join('\n'),
      env,
    );
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toContain('Mirror mode: first run, so the list was only recorded; nothing was removed.');
    expect(fresh.stdout).toContain('cannot be read without its key, which is no longer in the OS keychain');
    await until(() => fx.processed.length === 4, 20_000, 'the sandbox to process the fresh run');
    expect(removedIn(3)).toEqual([]);
    expect(
      createHash('sha256')
        .update(readFileSync(join(fx.config, 'mirror', files[0] as string), 'utf8'))
        .digest('hex'),
    ).not.toBe(hash);
  });
});
