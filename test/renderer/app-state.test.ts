/** The page's one reducer: pure data in, data out; and the mapping it asks the pipeline for. */
import { describe, expect, it } from 'vitest';
import { initialState, planRequest, reducer, type AppState, type MappingDraft } from '../../renderer/src/state/app-state';

const draft: MappingDraft = {
  mode: 'alp',
  roles: [
    { index: 0, label: 'Name', role: 'ignore', reason: '' },
    { index: 1, label: 'Mobile', role: 'phone', reason: 'looks like phone numbers' },
    { index: 2, label: 'Home', role: 'phone', reason: '' },
    { index: 3, label: 'Group', role: 'tag', reason: '' },
  ],
  country: 'CA',
  headerRow: null,
  explicit: false,
  saveProfile: '',
  removeWhen: null,
  leaveOutInternational: false,
  rowChanges: [],
  identity: null,
};

describe('app state', () => {
  it('uses the first real account, else the sandbox, and keeps the user’s choice while it exists', () => {
    const view = (name: string) => ({
      name,
      host: 'h',
      port: 22,
      user: 'u',
      auth: 'password' as const,
      keyFile: null,
      uploadDir: '/',
      resultsDir: '/results',
      keyword: null,
      hostKey: null,
      hasSecret: true,
      hasApiSecret: false,
      keychainLocked: false,
    });
    const keychain = { kind: 'keychain' as const, warning: null };
    let state = reducer(initialState, { type: 'accounts', accounts: [view('Sandbox')], keychain });
    expect(state.activeAccount).toBe('Sandbox');
    state = reducer(state, { type: 'accounts', accounts: [view('Sandbox'), view('office')], keychain });
    expect(state.activeAccount).toBe('Sandbox'); // still there: the user's choice stands
    expect(reducer(initialState, { type: 'accounts', accounts: [view('Sandbox'), view('office')], keychain }).activeAccount).toBe('office');
    state = reducer(state, { type: 'accounts', accounts: [view('office')], keychain });
    expect(state.activeAccount).toBe('office');
  });

  it('starts everything after a newly opened file afresh', () => {
    const busy: AppState = { ...initialState, mapping: draft, check: { status: 'failed', code: 'INPUT', message: 'x' }, send: { status: 'running', taskId: 't', progress: null, startedAt: 0 } };
    const next = reducer(busy, { type: 'fileOpened', path: '/tmp/a.csv', sheet: null });
    expect(next).toMatchObject({ file: { path: '/tmp/a.csv', sheet: null }, mapping: null, check: { status: 'idle' }, send: { status: 'idle' } });
  });

  it('routes progress to the task it belongs to, and to the grid', () => {
    let state = reducer(initialState, { type: 'jobStarted', job: 'check', taskId: 'check-1' });
    state = reducer(state, { type: 'gridLoading', taskId: 'load-1' });
    state = reducer(state, { type: 'jobProgress', taskId: 'check-1', progress: { phase: 'check', done: 10, total: null } });
    state = reducer(state, { type: 'jobProgress', taskId: 'load-1', progress: { phase: 'load', done: 500, total: null } });
    expect(state.check).toMatchObject({ status: 'running', progress: { done: 10 } });
    expect(state.grid.loaded).toBe(500);
    expect(reducer(state, { type: 'jobProgress', taskId: 'other', progress: { phase: 'x', done: 1, total: 1 } })).toBe(state);
  });

  it('lets the pipeline choose (and apply a saved profile) until the user changes the mapping', () => {
    const base = { settings: { country: 'US', phoneFormat: 'national' as const, resultsTimeoutMinutes: 10, activeAccount: null, keywords: {} }, file: { path: '/a.xlsx', sheet: 'Contacts' } };
    expect(planRequest({ ...base, mapping: draft })).toEqual({ sheet: 'Contacts', country: 'CA', phoneFormat: 'national' });
    // A removal rule goes with the pipeline's own choice too.
    expect(planRequest({ ...base, mapping: { ...draft, removeWhen: { column: 4, values: 'Yes, 1' } } })).toEqual({
      sheet: 'Contacts',
      country: 'CA',
      phoneFormat: 'national',
      removeWhen: { column: 4, values: ['Yes', '1'] },
    });
    expect(planRequest({ ...base, mapping: { ...draft, explicit: true, saveProfile: 'Acme' } })).toEqual({
      sheet: 'Contacts',
      country: 'CA',
      phoneFormat: 'national',
      removeWhen: null,
      mode: 'alp',
      phone: [1, 2],
      tags: [3],
      saveProfile: 'Acme',
    });
    expect(planRequest({ ...base, mapping: { ...draft, explicit: true, mode: 'preformatted', headerRow: 3 } })).toEqual({
      sheet: 'Contacts',
      country: 'CA',
      phoneFormat: 'national',
      headerRow: 3,
      removeWhen: null,
      mode: 'preformatted',
    });
  });

  it('carries the Check screen’s changes in order: a cell’s last value wins, a row left out once', () => {
    const state = { ...initialState, mapping: { ...draft, explicit: true } };
    expect(planRequest(state).rowChanges).toBeUndefined();
    const rowChanges: MappingDraft['rowChanges'] = [
      { kind: 'edit', row: 3, column: 1, label: 'Mobile', value: '212-555-01', was: '555-01' },
      { kind: 'leave-out', row: 6 },
      { kind: 'edit', row: 3, column: 1, label: 'Mobile', value: '212-555-0177', was: '555-01' },
      { kind: 'leave-out', row: 6 },
    ];
    expect(planRequest({ ...state, mapping: { ...draft, rowChanges } }).rowChanges).toEqual({ leaveOut: [6], edits: [{ row: 3, column: 1, value: '212-555-0177' }] });
  });
});
