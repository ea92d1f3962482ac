/** How numbers, sizes and times are written for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The pipeline's reason codes in plain words. */
export const REASON_WORDS: Record<string, string> = {
  NOT_A_NUMBER: 'not a phone number',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_COUNTRY: 'unknown country code',
  INVALID: 'not a valid number',
  DAMAGED: 'damaged by a spreadsheet (e.g. 2.13E+09)',
  DUPLICATE: 'duplicate',
  EXTENSION_REMOVED: 'extension removed',
  MAY_HAVE_LOST_PLUS: 'may have lost its +',
  TAG_CHANGED: 'tag cleaned',
  TAG_TRUNCATED: 'tag shortened',
  TAG_EMPTY: 'tag empty after cleaning',
  TAG_DIGIT_LEADING: 'tag starts with a digit',
};

export const LINE_TYPE_WORDS: Record<string, string> = {
  mobile: 'mobile',
  fixed_line: 'landline',
  fixed_line_or_mobile: 'mobile or landline',
  landline: 'landline',
  voip: 'VoIP',
  toll_free: 'toll-free',
  invalid: 'invalid',
  other: 'other',
  unknown: 'unknown',
};

/** `opted_in` → `opted in`. */
export function optStatusWords(status: string): string {
  return status.replaceAll('_', ' ');
}
