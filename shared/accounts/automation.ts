/**
 * An automation (Settings › Automation, `txp automation`): when a matching file appears in a
 * folder, or every day at a set time, apply a profile and send the file to an account's keyword;
 * optionally in mirror mode, which also removes the numbers that left the export.
 */
import { z } from 'zod';

/** Mirror mode stops a run that would remove more than this share of the list sent last time. */
export const DEFAULT_MAX_REMOVAL_SHARE = 0.2;
/** A file is taken once its size and time have not changed for this long. */
export const DEFAULT_SETTLE_SECONDS = 5;
/** How often the operating system looks for new files when the app is closed. */
export const DEFAULT_EVERY_MINUTES = 15;

/** A time of day as HH:MM on a 24-hour clock. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The outcomes of a file that was not sent and needs someone's attention (not merely waiting or skipped). */
export const NOT_SENT_OUTCOMES: readonly string[] = ['failed', 'retry', 'stopped'];

export const automationTriggerSchema = z.discriminatedUnion('kind', [
  /** Each new matching file is sent (the OS schedule looks every N minutes when the app is closed). */
  z.object({ kind: z.literal('new-file'), everyMinutes: z.number().int().min(1).max(1440) }),
  /** Every day at HH:MM (local time) the newest matching file is sent. */
  z.object({ kind: z.literal('daily'), at: z.string().regex(TIME_OF_DAY) }),
]);
export type AutomationTrigger = z.infer<typeof automationTriggerSchema>;

export const automationSchema = z.object({
  /** Letters, digits, spaces, - and _: it names OS tasks and lock files too. */
  name: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _-]*$/),
  /** An absolute folder path. */
  folder: z.string().min(1),
  /** File names to take, e.g. "contacts_*.csv" (a glob; case is ignored). */
  pattern: z.string().min(1).max(200),
  profile: z.string().min(1),
  account: z.string().min(1),
  /** The keyword; null: the account's. */
  keyword: z.string().nullable(),
  trigger: automationTriggerSchema,
  mirror: z.boolean(),
  /** 0 to 1. */
  maxRemovalShare: z.number().min(0).max(1),
  settleSeconds: z.number().min(0).max(600),
  createdAt: z.string(),
  /** The OS scheduler it is installed with (runs while the app is closed), or null/absent for none. */
  installedWith: z.enum(['windows', 'launchd', 'systemd', 'cron']).nullable().optional(),
});
export type Automation = z.infer<typeof automationSchema>;

/** The name as a file- and task-safe slug ("Nightly CRM" → "nightly-crm"). */
export function automationSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'automation'
  );
}
