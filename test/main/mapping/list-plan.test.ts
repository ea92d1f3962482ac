/**
 * The list plan from the file to the file sent: columns by position everywhere (two columns
 * with the same header are two columns), and the Map screen's preview is the first lines of
 * the file `txp convert` writes. Real worker threads behind the API handlers, the real CLI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { HandlerContext } from '../../../main/api/api-handlers';
import { createApiHandlers } from '../../../main/api/create-api-handlers';
import { dispatchRequest } from '../../../main/api/dispatch';
import { testApiDeps } from '../../support/api-deps';
import { runTxp } from '../../support/run-txp';
import { FixtureDir } from '../../support/spreadsheet-fixtures';

// Cases here run several txp processes in a row: about 1.2 s each alone, several times that
// while the whole suite shares two cores. A bound on hangs, not a speed claim.
vi.setConfig({ testTimeout: 120_000 });

const fixtures = new FixtureDir();
const deps = testApiDeps();
const handlers = createApiHandlers(deps);
const configDir = mkdtempSync(join(tmpdir(), 'txp-plan-'));
const env = { TXP_CONFIG_DIR: configDir };
afterAll(async () => {
  await deps.pipeline.cancelAll();
  fixtures.remove();
  rmSync(configDir, { recursive: true, force: true });
});

const context = (): HandlerContext => ({ emit: () => undefined, signal: new AbortController().signal });
const call = async <T = Record<string, unknown>>(channel: string, payload: unknown): Promise<T> => {
  const envelope = await dispatchRequest(handlers, channel, payload, context());
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
};

/** A company phone and a contact phone under one header. */
const TWO_PHONES = ['Name,Phone,Phone,Region', 'Ann,(212) 555-0124,(646) 555-0142,East', 'Bob,(212) 555-0125,(646) 555-0143,West', 'Cy,(212) 555-0126,(646) 555-0144,East'].join('\n') + '\n';

describe('two columns with the same header', () => {
  it('are two columns in the page: an explicit mapping by position checks all 6 numbers', async () => {
    const path = fixtures.text('two-phones.csv', TWO_PHONES);
    const suggested = await call<{ summary: { numbers: number }; plan: { phone: { index: number; header: string }[] } }>('list.check', { taskId: 'dup-1', path, request: {} });
    expect(suggested.summary.numbers).toBe(6);
    expect(suggested.plan.phone).toEqual([
      { index: 1, header: 'Phone' },
      { index: 2, header: 'Phone' },
    ]);
    // What the page sends once the user has touched the mapping: positions, not header texts.
    const chosen = await call<{ summary: { numbers: number; written: number } }>('list.check', { taskId: 'dup-2', path, request: { mode: 'alp', phone: [1, 2], tags: [3] } });
    expect(chosen.summary).toMatchObject({ numbers: 6, written: 6 });
    const preview = await call<{ lines: string[] }>('list.preview', { path, request: { mode: 'alp', phone: [1, 2], tags: [3] } });
    expect(preview.lines).toEqual(['2125550124,East', '6465550142,East', '2125550125,West', '6465550143,West', '2125550126,East', '6465550144,East']);
  });

  it('are two columns in the CLI: the suggestion takes both, #N picks one, and the shared header is refused as ambiguous', async () => {
    const path = fixtures.text('two-phones-cli.csv', TWO_PHONES);
    const suggested = await runTxp(['check', path, '--json'], { env });
    expect(suggested.status).toBe(0);
    expect(JSON.parse(suggested.stdout)).toMatchObject({ numbers: 6, plan: { phone: [{ index: 1 }, { index: 2 }] } });
    const both = await runTxp(['check', path, '--phone', '#2', '--phone', '#3', '--json'], { env });
    expect(JSON.parse(both.stdout)).toMatchObject({ numbers: 6 });
    const ambiguous = await runTxp(['check', path, '--phone', 'Phone'], { env });
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toBe('txp: --phone "Phone": "Phone" is columns #2 and #3. Say which: --phone "#2" or --phone "#3".\n');
  });

  it('are kept apart in a saved profile, which a file with the same headers then gets', async () => {
    const path = fixtures.text('two-phones-profile.csv', TWO_PHONES);
    await call('list.check', { taskId: 'dup-3', path, request: { mode: 'alp', phone: [2], tags: [], saveProfile: 'Contact phone only' } });
    const again = await call<{ profile: { name: string; automatic: boolean }; summary: { numbers: number }; plan: { phone: { index: number }[] } }>('list.check', {
      taskId: 'dup-4',
      path,
      request: {},
    });
    expect(again.profile).toEqual({ name: 'Contact phone only', automatic: true });
    expect(again.plan.phone).toEqual([{ index: 2, header: 'Phone' }]);
    expect(again.summary.numbers).toBe(3);
  });
});

describe('rows changed for one file (left out, or a cell corrected)', () => {
  const LIST = ['Name,Mobile,Segment', 'Ann,(212) 555-0124,VIP', 'Bob,555-01,VIP', 'Cy,(212) 555-0125,East', 'Di,+44 7911 123456,VIP'].join('\n') + '\n';
  const rowChanges = { leaveOut: [5], edits: [{ row: 3, column: 1, value: '(646) 555-0177' }] };

  it('change what the check counts, the preview shows and convert writes, alike in the page and the CLI', async () => {
    const path = fixtures.text('row-changes.csv', LIST);
    const request = { mode: 'alp', phone: [1], tags: [2], rowChanges };
    const checked = await call<{ summary: Record<string, number>; plan: { rowChanges?: unknown } }>('list.check', { taskId: 'rows-1', path, request });
    expect(checked.summary).toMatchObject({ rows: 3, numbers: 3, valid: 3, invalid: 0, written: 3, rowsLeftOut: 1, cellsEdited: 1 });
    expect(checked.plan.rowChanges).toEqual(rowChanges);
    const preview = await call<{ lines: string[] }>('list.preview', { path, request });
    expect(preview.lines).toEqual(['2125550124,VIP', '6465550177,VIP', '2125550125,East']);
    const out = join(configDir, 'row-changes-out.csv');
    const converted = await runTxp(['convert', path, '-o', out, '--mode', 'alp', '--phone', 'Mobile', '--tag', 'Segment', '--leave-out-row', '5', '--set-cell', '3:Mobile=(646) 555-0177'], { env });
    expect(converted.status).toBe(0);
    expect(readFileSync(out, 'utf8').split('\r\n').slice(0, -1)).toEqual(preview.lines);
    expect(readFileSync(path, 'utf8')).toBe(LIST);
  });

  it('are never kept in a saved profile, and a change outside the table is refused', async () => {
    const path = fixtures.text('row-changes-profile.csv', LIST);
    await call('list.check', { taskId: 'rows-2', path, request: { mode: 'alp', phone: [1], tags: [], rowChanges, saveProfile: 'Rows changed' } });
    const again = await call<{ profile: { name: string } | null; summary: { invalid: number; rowsLeftOut: number }; plan: { rowChanges?: unknown } }>('list.check', {
      taskId: 'rows-3',
      path,
      request: {},
    });
    expect(again.profile?.name).toBe('Rows changed');
    expect(again.plan.rowChanges).toBeUndefined();
    expect(again.summary).toMatchObject({ invalid: 1, rowsLeftOut: 0 });
    const envelope = await dispatchRequest(handlers, 'list.check', { taskId: 'rows-4', path, request: { rowChanges: { leaveOut: [], edits: [{ row: 2, column: 9, value: '1' }] } } }, context());
    expect(envelope.ok ? null : envelope.error.message).toBe('The change to row 2 is for column #10: row-changes-profile.csv has columns #1 to #3.');
    const cli = await runTxp(['check', path, '--set-cell', 'two:Mobile=1'], { env });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe('txp: --set-cell takes ROW:COLUMN=VALUE (for example 9:Phone=212-555-0199), not "two:Mobile=1".\n');
  });
});

describe('the Map screen preview', () => {
  const CRM =
    ['Name,Mobile,Segment,SMS Opt Out', 'Ann,(212) 555-0124,Trade Show,No', 'Bob,(212) 555-0124,VIP,No', 'Cy,(212) 555-0125,VIP,Yes', 'Di,n/a,VIP,No', 'Ed,646.555.0142,Île-de-France,no'].join('\n') +
    '\n';

  const PREFORMATTED =
    ['Mobile,Segment,SMS Opt Out', '(212) 555-0124,Trade Show,No', '(212) 555-0124,VIP,No', '(212) 555-0125,VIP,Yes', 'n/a,VIP,No', '646.555.0142,Île-de-France,no'].join('\n') + '\n';

  it.each([
    [
      'mapped, with a removal rule',
      CRM,
      { mode: 'alp', phone: [1], tags: [2], removeWhen: { column: 3, values: ['Yes'] } },
      ['--mode', 'alp', '--phone', '#2', '--tag', '#3', '--remove-when', '#4=Yes'],
    ],
    // Column 1 the phone, every other column but the rule's a tag; a duplicate and a removal among the first rows.
    ['preformatted, with a removal rule', PREFORMATTED, { mode: 'preformatted', removeWhen: { column: 2, values: ['Yes'] } }, ['--mode', 'preformatted', '--remove-when', '#3=Yes']],
    ['national numbers', CRM, { mode: 'alp', phone: [1], tags: [2], phoneFormat: 'national' }, ['--mode', 'alp', '--phone', '#2', '--tag', '#3', '--phone-format', 'national']],
  ])('is the first lines of the file convert writes (%s)', async (name, text, request, args) => {
    const path = fixtures.text(`preview-${name.replace(/\W+/g, '-')}.csv`, text);
    const preview = await call<{ lines: string[]; more: boolean }>('list.preview', { path, request });
    const out = join(configDir, `converted-${name.replace(/\W+/g, '-')}.csv`);
    const converted = await runTxp(['convert', path, '-o', out, ...args], { env });
    expect(converted.stderr).toBe('');
    const written = readFileSync(out, 'utf8').split('\r\n').slice(0, -1);
    expect(preview.lines.length).toBeGreaterThan(1);
    expect(preview.lines).toEqual(written.slice(0, preview.lines.length));
    expect(preview.more).toBe(written.length > preview.lines.length);
  });

  it('shows a removal and leaves out a duplicate and the rule column, as the file does', async () => {
    const path = fixtures.text('preview-pf-removal.csv', PREFORMATTED);
    const preview = await call<{ lines: string[] }>('list.preview', { path, request: { mode: 'preformatted', removeWhen: { column: 2, values: ['Yes'] } } });
    expect(preview.lines).toEqual(['2125550124,TradeShow', '-2125550125', '6465550142,IledeFrance']);
  });
});
