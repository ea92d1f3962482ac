/**
 * Profiles: a saved list plan, keyed by the header signature of the file it was made from, so
 * that a file with the same headers gets it applied automatically. Columns are kept by
 * position, with their header texts: for an ALP drop the service's field map is positional, so a column
 * that moved must be caught before the file is dropped.
 */
import { z } from 'zod';
import { columnLabel } from './column-ref';
import { listPlanSchema } from './list-plan';

/** A profile written before plans carried removeWhen as { column, values }: { index, header, values }. */
function upgradeRemoveWhen(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const profile = value as Record<string, unknown>;
  const removeWhen = profile['removeWhen'] as Record<string, unknown> | null | undefined;
  if (removeWhen && typeof removeWhen === 'object' && 'index' in removeWhen && !('column' in removeWhen)) {
    return { ...profile, removeWhen: { column: { index: removeWhen['index'], header: removeWhen['header'] }, values: removeWhen['values'] } };
  }
  return profile;
}

/** A saved plan, with the name people gave it and the headers of the file it was made from. */
export const profileSchema = z.preprocess(
  upgradeRemoveWhen,
  // Row changes belong to one file: a profile never carries them.
  listPlanSchema.omit({ rowChanges: true }).extend({
    name: z.string().min(1).max(100),
    /** Normalized headers joined; files with the same signature get this profile. */
    signature: z.string(),
    headers: z.array(z.string()),
    savedAt: z.string(),
  }),
);
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
  const columns = [...profile.phone, ...profile.tags, ...(profile.removeWhen ? [profile.removeWhen.column] : [])];
  for (const column of columns) {
    const want = column.header.trim().toLowerCase();
    if (want === '') continue; // a headerless column is known by its position only
    if (normalized[column.index] === want) continue;
    const now = normalized.indexOf(want);
    changes.push(now === -1 ? `"${column.header}" is missing` : `"${column.header}" moved from #${column.index + 1} to #${now + 1}`);
  }
  return changes;
}

export { columnLabel };
