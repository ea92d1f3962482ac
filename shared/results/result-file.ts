/**
 * The service's result file (DESIGN.md §3): `phone,line_type,opt_status,detail`, one row per
 * number of the upload. Parsed strictly: a truncated or malformed file is rejected, not
 * half-read.
 */
export const RESULT_HEADER = 'phone,line_type,opt_status,detail';
export const RESULT_LINE_TYPES = ['mobile', 'landline', 'voip', 'toll_free', 'invalid', 'unknown'] as const;
export const RESULT_OPT_STATUSES = ['opted_in', 'opted_out', 'not_opted_in'] as const;

export type ResultLineType = (typeof RESULT_LINE_TYPES)[number];
export type ResultOptStatus = (typeof RESULT_OPT_STATUSES)[number];

export interface ServiceResult {
  phone: string;
  lineType: ResultLineType;
  optStatus: ResultOptStatus;
  detail: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Parses a result file; throws an Error naming the line at fault. */
export function parseResultFile(text: string): ServiceResult[] {
  if (!text.endsWith('\n')) throw new Error('the file is truncated (its last row does not end)');
  const lines = text.split(/\r?\n/);
  lines.pop();
  if (lines[0] !== RESULT_HEADER) throw new Error(`its header is "${lines[0] ?? ''}", not "${RESULT_HEADER}"`);
  return lines.slice(1).map((line, i) => {
    const [phone, lineType, optStatus, ...rest] = line.split(',');
    const detail = rest.join(',');
    const where = `row ${i + 2}`;
    if (phone === undefined || lineType === undefined || optStatus === undefined || rest.length === 0) throw new Error(`${where} does not have four fields`);
    if (!(RESULT_LINE_TYPES as readonly string[]).includes(lineType)) throw new Error(`${where}: unknown line type "${lineType}"`);
    if (!(RESULT_OPT_STATUSES as readonly string[]).includes(optStatus)) throw new Error(`${where}: unknown opt status "${optStatus}"`);
    if (!(phone === '' ? lineType === 'invalid' : E164.test(phone))) throw new Error(`${where}: "${phone}" is not an E.164 number`);
    return { phone, lineType: lineType as ResultLineType, optStatus: optStatus as ResultOptStatus, detail };
  });
}
