/**
 * Makes the list plan for one file (shared/mapping/list-plan.ts), once: explicit columns win,
 * then a named profile, then a profile whose header signature matches (applied automatically,
 * and said so), then the suggestion. `followPlan` opens a file under a plan made before (the
 * page's, for a send), and refuses it if the file's columns are no longer where the plan says.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { ListMapping, RemoveWhen } from '../../shared/check/list-checker';
import { headerSignature, layoutChanges, type Profile } from '../../shared/mapping/profile';
import { hasRowChanges, planColumnLabel, type ListPlan, type RowChanges, type PhoneFormat, type PlanColumn, type PlanRequest } from '../../shared/mapping/list-plan';
import { identityColumns, type ListMode } from '../../shared/mapping/suggest-mapping';
import { toCountryCode } from '../../shared/phone/check-phone-cell';
import { countryLabel } from '../../shared/phone/countries';
import { TxpError } from '../../shared/txp-error';
import type { ProfileStore } from '../config/profile-store';
import { openTable, type OpenedTable } from '../reading/open-table';
import { analyzeLayout, type TableLayout } from './table-layout';

export interface PreparedList {
  path: string;
  table: OpenedTable;
  layout: TableLayout;
  /** The plan, as the page, profiles and the record of what was sent carry it. */
  plan: ListPlan;
  /** The plan's columns as the checker takes them (0-based indexes). */
  mapping: ListMapping;
  phoneFormat: PhoneFormat;
  profile: { name: string; automatic: boolean } | null;
}

/** Columns the CLI's argument reader found by header or #N, once the table's headers are known. */
export type ResolveColumns = (layout: TableLayout) => Pick<PlanRequest, 'phone' | 'tags' | 'removeWhen' | 'rowChanges' | 'identity'>;

export async function planList(path: string, request: PlanRequest, store: ProfileStore, resolveColumns?: ResolveColumns): Promise<PreparedList> {
  let profile: Profile | null = request.profile ? await store.get(request.profile) : null;
  const sheet = request.sheet ?? profile?.sheet ?? undefined;
  const table = await openTable(path, sheet === undefined ? {} : { sheet });
  const country = parseCountry(request.country ?? profile?.country ?? 'US');
  let layout = analyzeLayout(table, country, request.headerRow ?? (profile ? profile.headerRow : undefined));
  const wanted: PlanRequest = { ...request, ...resolveColumns?.(layout) };
  const explicitColumns = (wanted.phone?.length ?? 0) > 0;
  let automatic = false;
  if (!profile && !explicitColumns && wanted.mode === undefined) {
    profile = await store.findBySignature(headerSignature(layout.headers));
    automatic = profile !== null;
    if (profile && wanted.country === undefined) {
      layout = analyzeLayout(table, parseCountry(profile.country), wanted.headerRow);
    }
  }
  const mapping: ListMapping = {
    ...resolveMapping(table, layout, wanted, profile, profile ? parseCountry(wanted.country ?? profile.country) : country),
    leaveOutInternational: (wanted.international ?? profile?.international ?? 'send') === 'leave-out',
  };
  // TextPower's documented files write North American numbers as 10 digits (textpower-service.md §5).
  const phoneFormat = wanted.phoneFormat ?? profile?.phoneFormat ?? 'national';
  const identity = (wanted.identity ?? profile?.identity?.map((c) => c.index) ?? identityColumns(layout.headers)).map((index) => {
    if (index >= layout.width) throw new TxpError('USAGE', `The column for whose number it is, #${index + 1}: ${table.file} has columns #1 to #${layout.width}.`);
    return index;
  });
  const columns = planOf(table, layout, mapping, phoneFormat, identity);
  if (wanted.saveProfile) {
    await store.save({ ...columns, name: wanted.saveProfile, signature: headerSignature(layout.headers), headers: layout.headers, savedAt: new Date().toISOString() });
  }
  const plan: ListPlan = hasRowChanges(wanted.rowChanges) ? { ...columns, rowChanges: checkedRowChanges(wanted.rowChanges, layout.width, table.file) } : columns;
  return { path, table, layout, plan, mapping, phoneFormat, profile: profile ? { name: profile.name, automatic } : null };
}

/**
 * Opens a file under a plan made earlier. Nothing is decided again: the plan's columns are
 * used as they are, after checking that each still has the header it had.
 */
export async function followPlan(path: string, plan: ListPlan): Promise<PreparedList> {
  const table = await openTable(path, plan.sheet === null ? {} : { sheet: plan.sheet });
  const layout = analyzeLayout(table, parseCountry(plan.country), plan.headerRow);
  const moved = planColumns(plan).filter((column) => column.header.trim() !== '' && (layout.headers[column.index] ?? '').trim().toLowerCase() !== column.header.trim().toLowerCase());
  if (moved.length > 0) {
    throw new TxpError(
      'INPUT',
      `${table.file} changed since its columns were chosen: ${moved.map((c) => `column #${c.index + 1} was "${c.header}", now "${layout.headers[c.index] ?? ''}"`).join('; ')}. Nothing was sent. Open the file again and check its columns.`,
    );
  }
  const mapping: ListMapping = {
    mode: plan.mode,
    phone: plan.phone.map((c) => c.index),
    tags: plan.tags.map((c) => c.index),
    country: parseCountry(plan.country),
    removeWhen: plan.removeWhen ? { column: plan.removeWhen.column.index, values: plan.removeWhen.values } : null,
    leaveOutInternational: plan.international === 'leave-out',
  };
  return { path, table, layout, plan, mapping, phoneFormat: plan.phoneFormat, profile: null };
}

/** Edits of columns the table does not have are refused (a plan for another file). */
function checkedRowChanges(changes: RowChanges, width: number, file: string): RowChanges {
  const outside = changes.edits.find((edit) => edit.column >= width);
  if (outside) throw new TxpError('USAGE', `The change to row ${outside.row} is for column #${outside.column + 1}: ${file} has columns #1 to #${width}.`);
  return changes;
}

function planColumns(plan: ListPlan): PlanColumn[] {
  return [...plan.phone, ...plan.tags, ...(plan.removeWhen ? [plan.removeWhen.column] : []), ...(plan.identity ?? [])];
}

function planOf(table: OpenedTable, layout: TableLayout, mapping: ListMapping, phoneFormat: PhoneFormat, identity: readonly number[]): ListPlan {
  const column = (index: number): PlanColumn => ({ index, header: layout.headers[index]?.trim() ?? '' });
  return {
    sheet: table.sheet,
    headerRow: layout.headerRow,
    mode: mapping.mode,
    phone: mapping.phone.map(column),
    tags: mapping.tags.map(column),
    removeWhen: mapping.removeWhen && mapping.removeWhen.values.length > 0 ? { column: column(mapping.removeWhen.column), values: mapping.removeWhen.values } : null,
    country: mapping.country,
    phoneFormat,
    international: mapping.leaveOutInternational ? 'leave-out' : 'send',
    identity: identity.map(column),
  };
}

function resolveMapping(table: OpenedTable, layout: TableLayout, request: PlanRequest, profile: Profile | null, country: CountryCode): ListMapping {
  const { width } = layout;
  const inTable = (index: number, what: string): number => {
    if (index >= width) throw new TxpError('USAGE', `${what} #${index + 1}: ${table.file} has columns #1 to #${width}.`);
    return index;
  };
  const removeWhen: RemoveWhen | null =
    request.removeWhen !== undefined
      ? request.removeWhen && request.removeWhen.values.length > 0
        ? { column: inTable(request.removeWhen.column, 'The removal column'), values: request.removeWhen.values }
        : null
      : profile
        ? profile.removeWhen
          ? { column: profile.removeWhen.column.index, values: profile.removeWhen.values }
          : null
        : // Nobody said: the column that records who said no to texts protects them (removals), as suggested.
          layout.suggestion.removeWhen && !(request.phone ?? []).includes(layout.suggestion.removeWhen.index)
          ? { column: layout.suggestion.removeWhen.index, values: layout.suggestion.removeWhen.values }
          : null;
  const mode: ListMode = request.mode ?? profile?.mode ?? (request.phone?.length ? 'alp' : layout.suggestion.mode);

  if (mode === 'preformatted') {
    const first = layout.suggestion.columns[0];
    if (!first || first.phoneShare < 0.5) {
      const example = layout.columns[0]?.samples[0];
      throw new TxpError(
        'INPUT',
        `${table.file} is not in the Preformatted shape: column 1 does not hold phone numbers${example ? ` (it holds values like "${example}")` : ''}. Choose its phone and tag columns instead (Mapped).`,
      );
    }
    const tags = [];
    for (let i = 1; i < width; i++) if (i !== removeWhen?.column) tags.push(i);
    return { mode, phone: [0], tags, country, removeWhen };
  }

  if (request.phone?.length) {
    const phone = unique(request.phone.map((i) => inTable(i, 'The phone column')));
    const tags = unique((request.tags ?? []).map((i) => inTable(i, 'The tag column'))).filter((t) => !phone.includes(t));
    return { mode, phone, tags, country, removeWhen };
  }
  if (profile) {
    const changes = layoutChanges(profile, layout.headers);
    if (changes.length > 0) {
      throw new TxpError(
        'INPUT',
        `${table.file} no longer matches the field map of profile "${profile.name}": ${changes.join('; ')}. Nothing was sent. Update the profile after checking the new layout.`,
      );
    }
    const tags = request.tags?.length ? request.tags.map((i) => inTable(i, 'The tag column')) : profile.tags.map((t) => t.index);
    return { mode, phone: profile.phone.map((p) => p.index), tags, country, removeWhen };
  }
  const phone = layout.suggestion.phone;
  if (phone.length === 0) {
    const candidates = layout.suggestion.columns
      .filter((c) => c.phoneShare > 0)
      .sort((a, b) => b.phoneShare - a.phoneShare)
      .slice(0, 3)
      .map((c) => `${planColumnLabel({ index: c.index, header: c.header })} (${Math.round(c.phoneShare * 100)}% valid)`);
    const hint = layout.suggestion.countryHint;
    throw new TxpError(
      'INPUT',
      `No column of ${table.file} looks like phone numbers${candidates.length > 0 ? `; the closest: ${candidates.join(', ')}` : ''}.${
        hint ? ` ${hint.valid} of ${hint.total} sampled numbers are valid as numbers of ${countryLabel(hint.code)}: choose that country.` : ''
      } ${candidates.length > 0 || hint ? 'Or choose' : 'Choose'} the phone column yourself.`,
    );
  }
  const tags = request.tags?.length ? request.tags.map((i) => inTable(i, 'The tag column')) : layout.suggestion.tags;
  return { mode, phone, tags: tags.filter((t) => !phone.includes(t)), country, removeWhen };
}

export function parseCountry(text: string): CountryCode {
  const country = toCountryCode(text);
  if (!country) throw new TxpError('USAGE', `The country "${text}" is not a country code this app knows; use two letters such as US, CA, GB.`);
  return country;
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}

export { planColumnLabel };

/** What `check` says of the list it checked, besides the counts. */
export function describeCheck(list: PreparedList) {
  return {
    file: list.table.file,
    sheet: list.table.sheet,
    headerRow: list.layout.headerRow,
    plan: list.plan,
    profile: list.profile,
  };
}
