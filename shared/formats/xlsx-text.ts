/**
 * Cells for a workbook people open: every cell a text cell (SheetJS type "s"), its value as
 * is. In XLSX a text cell is never evaluated, so a value that looks like a formula ("=…",
 * "+1212…", "@…") needs no apostrophe there (that is the CSV way, where the apostrophe would
 * end up inside the cell and break lookups against the CRM).
 */
export interface TextCell {
  t: 's';
  v: string;
}

export function textCells(rows: readonly (readonly string[])[]): TextCell[][] {
  return rows.map((row) => row.map((value) => ({ t: 's', v: value })));
}
