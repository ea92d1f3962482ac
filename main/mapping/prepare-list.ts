/**
 * Turns what the user asked for (CLI options, or the app's mapping screen) into a checked
 * mapping for one file: explicit columns win, then a named profile, then a profile whose
 * header signature matches (applied automatically, and said so), then the suggestion.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { ListMapping, PhoneFormat, RemoveWhen } from '../../shared/check/list-checker';
import { columnLabel, resolveColumn } from '../../shared/mapping/column-ref';
import { describeColumns, headerSignature, layoutChanges, type Profile } from '../../shared/mapping/profile';
import type { ListMode } from '../../shared/mapping/suggest-mapping';
import { toCountryCode } from '../../shared/phone/check-phone-cell';
import { TxpError } from '../../shared/txp-error';
import type { ProfileStore } from '../config/profile-store';
import { openTable, type OpenedTable } from '../reading/open-table';
import { analyzeLayout, type TableLayout } from './table-layout';

export interface MappingRequest {
  sheet?: string;
  mode?: ListMode;
  /** Column references: header text or #N. */
  phone?: string[];
  tags?: string[];
  country?: string;
  profile?: string;
  saveProfile?: string;
  /** "COL=VALUE[,VALUE…]" */
  removeWhen?: string;
  phoneFormat?: PhoneFormat;
  headerRow?: number;
}

export interface PreparedList {
  path: string;
  table: OpenedTable;
  layout: TableLayout;
  mapping: ListMapping;
  phoneFormat: PhoneFormat;
  profile: { name: string; automatic: boolean } | null;
}

export async function prepareList(path: string, request: MappingRequest, store: ProfileStore): Promise<PreparedList> {
  let profile: Profile | null = request.profile ? await store.get(request.profile) : null;
  const sheet = request.sheet ?? profile?.sheet ?? undefined;
  const table = await openTable(path, sheet === undefined ? {} : { sheet });
  const country = parseCountry(request.country ?? profile?.country ?? 'US');
  const explicitColumns = (request.phone?.length ?? 0) > 0;
  let layout = analyzeLayout(table, country, request.headerRow ?? (profile ? profile.headerRow : undefined));
  let automatic = false;
  if (!profile && !explicitColumns && request.mode === undefined) {
    profile = await store.findBySignature(headerSignature(layout.headers));
    automatic = profile !== null;
    if (profile && request.country === undefined) {
      layout = analyzeLayout(table, parseCountry(profile.country), request.headerRow);
    }
  }
  const mapping = resolveMapping(table, layout, request, profile, profile ? parseCountry(request.country ?? profile.country) : country);
  const phoneFormat = request.phoneFormat ?? profile?.phoneFormat ?? 'e164';
  if (request.saveProfile) {
    await store.save({
      name: request.saveProfile,
      signature: headerSignature(layout.headers),
      headers: layout.headers,
      mode: mapping.mode,
      sheet: table.sheet,
      headerRow: layout.headerRow,
      phone: describeColumns(mapping.phone, layout.headers),
      tags: describeColumns(mapping.tags, layout.headers),
      country: mapping.country,
      removeWhen: mapping.removeWhen
        ? { index: mapping.removeWhen.column, header: layout.headers[mapping.removeWhen.column] ?? '', values: mapping.removeWhen.values }
        : null,
      phoneFormat,
      savedAt: new Date().toISOString(),
    });
  }
  return { path, table, layout, mapping, phoneFormat, profile: profile ? { name: profile.name, automatic } : null };
}

function resolveMapping(table: OpenedTable, layout: TableLayout, request: MappingRequest, profile: Profile | null, country: CountryCode): ListMapping {
  const { headers, width } = layout;
  const removeWhen = request.removeWhen
    ? parseRemoveWhen(request.removeWhen, headers, width)
    : profile?.removeWhen
      ? { column: profile.removeWhen.index, values: profile.removeWhen.values }
      : null;
  const mode: ListMode = request.mode ?? profile?.mode ?? (request.phone?.length ? 'alp' : layout.suggestion.mode);

  if (mode === 'preformatted') {
    const first = layout.suggestion.columns[0];
    if (!first || first.phoneShare < 0.5) {
      const example = layout.columns[0]?.samples[0];
      throw new TxpError(
        'INPUT',
        `${table.file} is not in the Preformatted shape: column 1 does not hold phone numbers${example ? ` (it holds values like "${example}")` : ''}. Map its columns instead: --mode alp --phone COL.`,
      );
    }
    const tags = [];
    for (let i = 1; i < width; i++) if (i !== removeWhen?.column) tags.push(i);
    return { mode, phone: [0], tags, country, removeWhen };
  }

  if (request.phone?.length) {
    const phone = unique(request.phone.map((ref) => resolveColumn(ref, headers, width, '--phone')));
    const tags = unique((request.tags ?? []).map((ref) => resolveColumn(ref, headers, width, '--tag')));
    return { mode, phone, tags, country, removeWhen };
  }
  if (profile) {
    const changes = layoutChanges(profile, headers);
    if (changes.length > 0) {
      throw new TxpError(
        'INPUT',
        `${table.file} no longer matches the field map of profile "${profile.name}": ${changes.join('; ')}. Nothing was sent. Update the profile (--save-profile) after checking the new layout.`,
      );
    }
    const tags = request.tags?.length ? request.tags.map((ref) => resolveColumn(ref, headers, width, '--tag')) : profile.tags.map((t) => t.index);
    return { mode, phone: profile.phone.map((p) => p.index), tags, country, removeWhen };
  }
  const phone = layout.suggestion.phone;
  if (phone.length === 0) {
    throw new TxpError('INPUT', `No column of ${table.file} looks like phone numbers. Name the phone column with --phone COL (a header, or #N).`);
  }
  const tags = request.tags?.length ? request.tags.map((ref) => resolveColumn(ref, headers, width, '--tag')) : layout.suggestion.tags;
  return { mode, phone, tags: tags.filter((t) => !phone.includes(t)), country, removeWhen };
}

export function parseRemoveWhen(text: string, headers: readonly string[], width: number): RemoveWhen {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1) throw new TxpError('USAGE', `--remove-when "${text}": write it as COLUMN=VALUE[,VALUE…], e.g. "SMS Opt Out=Yes,TRUE,1".`);
  const column = resolveColumn(text.slice(0, at), headers, width, '--remove-when');
  const values = text
    .slice(at + 1)
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return { column, values };
}

export function parseCountry(text: string): CountryCode {
  const country = toCountryCode(text);
  if (!country) throw new TxpError('USAGE', `--country "${text}" is not a country code this app knows; use two letters such as US, CA, GB.`);
  return country;
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}

export function describeMapping(mapping: ListMapping, headers: readonly string[]): { mode: ListMode; phone: string[]; tags: string[]; country: string; removeWhen: string | null } {
  return {
    mode: mapping.mode,
    phone: mapping.phone.map((i) => columnLabel(i, headers)),
    tags: mapping.tags.map((i) => columnLabel(i, headers)),
    country: mapping.country,
    removeWhen: mapping.removeWhen ? `${columnLabel(mapping.removeWhen.column, headers)}=${mapping.removeWhen.values.join(',')}` : null,
  };
}
