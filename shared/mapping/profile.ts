/**
 * Profiles: a saved mapping, keyed by the header signature of the file it was made from, so
 * that a file with the same headers gets it applied automatically. Columns are kept by header
 * text and position both: for an ALP drop the service's field map is positional, so a column
 * that moved must be caught before the file is dropped.
 */
import { z } from 'zod';
import { columnLabel } from './column-ref';

export const profileSchema = z.object({
  name: z.string().min(1).max(100),
  /** Normalized headers joined; files with the same signature get this profile. */
  signature: z.string(),
  headers: z.array(z.string()),
  mode: z.enum(['preformatted', 'alp']),
  sheet: z.string().nullable(),
  headerRow: z.number().int().positive().nullable(),
  /** 0-based column indexes with their header texts at the time of saving. */
  phone: z.array(z.object({ index: z.number().int().nonnegative(), header: z.string() })),
  tags: z.array(z.object({ index: z.number().int().nonnegative(), header: z.string() })),
  country: z.string().length(2),
  removeWhen: z.object({ index: z.number().int().nonnegative(), header: z.string(), values: z.array(z.string()) }).nullable(),
  phoneFormat: z.enum(['e164', 'national']),
  savedAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export function headerSignature(headers: readonly string[]): string {
  const normalized = headers.map((h) => h.trim().toLowerCase().replace(/\s+/g, ' '));
  while (normalized.length > 0 && normalized[normalized.length - 1] === '') normalized.pop();
  return normalized.join('\u001f');
}

/**
 * The columns of a profile that are no longer where the profile says, in a file with these
 * headers: "Mobile moved from #4 to #5", "Tags is missing". Empty when the layout matches.
 */
export function layoutChanges(profile: Profile, headers: readonly string[]): string[] {
  const changes: string[] = [];
  const normalized = headers.map((h) => h.trim().toLowerCase());
  const columns = [...profile.phone, ...profile.tags, ...(profile.removeWhen ? [profile.removeWhen] : [])];
  for (const column of columns) {
    const want = column.header.trim().toLowerCase();
    if (want === '') continue; // a headerless column is known by its position only
    if (normalized[column.index] === want) continue;
    const now = normalized.indexOf(want);
    changes.push(now === -1 ? `"${column.header}" is missing` : `"${column.header}" moved from #${column.index + 1} to #${now + 1}`);
  }
  return changes;
}

export function describeColumns(indexes: readonly number[], headers: readonly string[]): { index: number; header: string }[] {
  return indexes.map((index) => ({ index, header: headers[index]?.trim() ?? '' }));
}

export { columnLabel };
