/**
 * Writing CSV: RFC 4180 quoting, CR LF after every row (TextPower's rule for uploads), and,
 * for files meant to be opened by a person, neutralizing cells that a spreadsheet would run
 * as a formula (OWASP "CSV Injection").
 */
export const CRLF = '\r\n';

/** RFC 4180: quote a field that holds a comma, a quote, CR or LF; double the quotes inside. */
export function quoteCsvField(value: string, delimiter = ','): string {
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r')) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/**
 * OWASP CSV Injection: a cell that begins with = + - @, a tab or CR — also after leading spaces
 * or no-break spaces, or at the start of any of its lines — is prefixed with a single quote, so
 * that Excel and LibreOffice show it as text instead of evaluating it. Only for files people
 * open (reports, exports), never for the upload file.
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const FORMULA_START = /(?:^|[\r\n])[ \u00A0\u2007\u202F]*[=+\-@\t\r]/;

export function csvRow(fields: readonly string[], options: { forPeople?: boolean } = {}): string {
  // A plain loop: this runs once per row of the upload file, a million times for big lists.
  let row = '';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    if (i > 0) row += ',';
    row += quoteCsvField(options.forPeople ? neutralizeFormula(field) : field);
  }
  return row + CRLF;
}
