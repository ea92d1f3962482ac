/**
 * What TextPower's help centre names as a number's states on a keyword's list, and where a
 * status shown to people came from. TextPower's service returns no line type: after
 * processing, a number opted in is a mobile on the list (TextPower opts in only mobiles);
 * one that is not may be a landline, invalid, or opted out by its owner, and TextPower does
 * not say which. Nothing here is guessed: what no source says is `unknown`.
 */

export const OPT_STATES = ['opted_in', 'not_opted_in', 'opted_out', 'removed', 'suspended', 'carrier_suspended', 'unknown'] as const;
export type OptState = (typeof OPT_STATES)[number];

/** Where a status comes from: TextPower's web service, the sandbox's simulation of it, the app's own check, or nowhere. */
export const STATUS_SOURCES = ['textpower', 'sandbox', 'local', 'none'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

export const SOURCE_WORDS: Record<StatusSource, string> = {
  textpower: 'TextPower’s service',
  sandbox: 'the sandbox (simulated)',
  local: 'this app’s own check',
  none: 'no source: TextPower does not say',
};

/** The line types the results can honestly show. */
export const RESULT_LINE_TYPES_SHOWN = ['mobile', 'invalid', 'unknown'] as const;

/**
 * Reads an opt status from a service answer: a JSON document (`{"status": "Single", …}`), XML,
 * or plain words. The words are the help centre's (Single / Double opt-in, No Opt-In, opted
 * out, STOP, removed, suspended, CAS); anything else is `unknown`.
 */
export function optStateOf(answer: string): { state: OptState; level: 'single' | 'double' | null } {
  let text = answer;
  try {
    const json = JSON.parse(answer) as unknown;
    if (json && typeof json === 'object') {
      const record = json as Record<string, unknown>;
      const field = record['status'] ?? record['Status'] ?? record['optStatus'] ?? record['OptStatus'] ?? record['OptInStatus'];
      if (typeof field === 'string') text = field;
    }
  } catch {
    // not JSON: read it as words (XML tags included)
  }
  const words = text.toLowerCase().replace(/[_-]/g, ' ');
  if (/\bcarrier\b|\bcas\b/.test(words)) return { state: 'carrier_suspended', level: null };
  if (/suspend/.test(words)) return { state: 'suspended', level: null };
  if (/opted out|opt out|optout|\bstop\b/.test(words)) return { state: 'opted_out', level: null };
  if (/removed/.test(words)) return { state: 'removed', level: null };
  if (/no opt ?in|not opted in|not found|not on/.test(words)) return { state: 'not_opted_in', level: null };
  if (/double/.test(words)) return { state: 'opted_in', level: 'double' };
  if (/single|opted in|opt ?in\b/.test(words)) return { state: 'opted_in', level: /single/.test(words) ? 'single' : null };
  return { state: 'unknown', level: null };
}

/** The line type that follows from an opt state after processing (TextPower opts in only mobiles). */
export function lineTypeAfterProcessing(state: OptState): 'mobile' | 'unknown' {
  return state === 'opted_in' ? 'mobile' : 'unknown';
}

/** Why the line type is unknown for a number that is not opted in. */
export const UNKNOWN_LINE_TYPE_REASON = 'not on the list after processing: not a mobile, invalid, or opted out by its owner; TextPower does not say which';
