/**
 * The list plan: what will be done with one file, decided once and carried everywhere after
 * (the page, the CLI, profiles, the IPC contract, the worker). Columns are known by their
 * position in the table; their header texts travel beside them for people to read and to
 * notice a file whose layout changed, never to find a column. Two columns with the same
 * header are two columns.
 */
import { z } from 'zod';
import { LIST_MODES } from './suggest-mapping';

/** A column of the table: 0-based position, and its header text ('' where there is none). */
export const planColumnSchema = z.object({ index: z.number().int().nonnegative().max(16_383), header: z.string().max(300) }).strict();
export type PlanColumn = z.infer<typeof planColumnSchema>;

export const PHONE_FORMATS = ['e164', 'national'] as const;
export const INTERNATIONAL_CHOICES = ['send', 'leave-out'] as const;
export type InternationalChoice = (typeof INTERNATIONAL_CHOICES)[number];
export type PhoneFormat = (typeof PHONE_FORMATS)[number];

export const removeWhenPlanSchema = z
  .object({
    column: planColumnSchema,
    /** Cell values (compared trimmed, ignoring case) that mark a row for removal. */
    values: z.array(z.string().max(200)).min(1).max(50),
  })
  .strict();

/**
 * What the user changed in the app for this one file, never in the file itself: rows left out
 * (1-based file rows) and cells whose value is replaced before the check (a typo fixed). They
 * apply to this file only: a profile never keeps them, and the history keeps only the rows left out.
 */
export const rowChangesSchema = z
  .object({
    leaveOut: z.array(z.number().int().positive()).max(100_000),
    edits: z.array(z.object({ row: z.number().int().positive(), column: z.number().int().nonnegative().max(16_383), value: z.string().max(300) }).strict()).max(10_000),
  })
  .strict();
export type RowChanges = z.infer<typeof rowChangesSchema>;

export const listPlanSchema = z
  .object({
    /** The sheet of a workbook; null for a text file. */
    sheet: z.string().max(300).nullable(),
    /** 1-based row of the header in the sheet; null when the table has none. */
    headerRow: z.number().int().positive().nullable(),
    mode: z.enum(LIST_MODES),
    phone: z.array(planColumnSchema).min(1).max(50),
    tags: z.array(planColumnSchema).max(200),
    /** Rows whose cell in `column` is one of `values` send their numbers as removals (a leading minus). */
    removeWhen: removeWhenPlanSchema.nullable(),
    /** Default country for numbers without a +country prefix (ISO 3166 alpha-2). */
    country: z.string().regex(/^[A-Z]{2}$/),
    phoneFormat: z.enum(PHONE_FORMATS),
    /** Numbers outside North America: sent (in E.164; TextPower needs an international campaign for them), or left out. */
    international: z.enum(INTERNATIONAL_CHOICES).default('send'),
    rowChanges: rowChangesSchema.optional(),
    /** Columns that say whose number it is (a name, an e-mail, a CRM id): shown beside problems and results, never sent. */
    identity: z.array(planColumnSchema).max(2).optional(),
  })
  .strict();
export type ListPlan = z.infer<typeof listPlanSchema>;

/**
 * What the page or the CLI asks for, before a plan exists: explicit columns (by position)
 * win, then a named profile, then a profile made from a file with the same headers (applied
 * by itself, and said so), then the suggestion. The CLI turns its `--phone COL` options into
 * positions in its argument reader; nothing after it reads a header to find a column.
 */
export const planRequestSchema = z
  .object({
    sheet: z.string().max(300).optional(),
    headerRow: z.number().int().positive().optional(),
    mode: z.enum(LIST_MODES).optional(),
    /** 0-based positions of the phone columns. */
    phone: z.array(z.number().int().nonnegative().max(16_383)).max(50).optional(),
    tags: z.array(z.number().int().nonnegative().max(16_383)).max(200).optional(),
    /** null: explicitly no removal rule (a profile's rule does not apply either). */
    removeWhen: z
      .object({ column: z.number().int().nonnegative().max(16_383), values: z.array(z.string().max(200)).max(50) })
      .strict()
      .nullable()
      .optional(),
    country: z.string().length(2).optional(),
    phoneFormat: z.enum(PHONE_FORMATS).optional(),
    international: z.enum(INTERNATIONAL_CHOICES).optional(),
    rowChanges: rowChangesSchema.optional(),
    /** 0-based positions of the columns that say whose number it is ([] for none; default: suggested from the headers). */
    identity: z.array(z.number().int().nonnegative().max(16_383)).max(2).optional(),
    profile: z.string().max(100).optional(),
    saveProfile: z.string().min(1).max(100).optional(),
  })
  .strict();
export type PlanRequest = z.infer<typeof planRequestSchema>;

/** A plan column for people: its header, or #N where it has none. */
export function planColumnLabel(column: PlanColumn): string {
  return column.header.trim() || `#${column.index + 1}`;
}

/** The plan's columns for people: "Mobile", "#3", "SMS Opt Out=Yes,TRUE". */
export function describePlan(plan: ListPlan): { mode: ListPlan['mode']; phone: string[]; tags: string[]; country: string; removeWhen: string | null } {
  return {
    mode: plan.mode,
    phone: plan.phone.map(planColumnLabel),
    tags: plan.tags.map(planColumnLabel),
    country: plan.country,
    removeWhen: plan.removeWhen ? `${planColumnLabel(plan.removeWhen.column)}=${plan.removeWhen.values.join(',')}` : null,
  };
}

/** Splits what a person typed as removal values ("Yes, TRUE,1") into the plan's list. */
export function splitRemovalValues(text: string): string[] {
  return text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** The row changes worth carrying: none when nothing was changed. */
export function hasRowChanges(changes: RowChanges | undefined): changes is RowChanges {
  return changes !== undefined && (changes.leaveOut.length > 0 || changes.edits.length > 0);
}
