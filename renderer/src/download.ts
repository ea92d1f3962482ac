/**
 * Saves a table for people, as a download: CSV (formula-leading cells neutralized with an
 * apostrophe, the CSV way) or XLSX (every cell a text cell, written as is: a text cell is never
 * a formula, so "+12125550124" stays exactly that, with no apostrophe to break a lookup).
 */
import { csvRow } from '../../shared/formats/csv-text';
import { textCells } from '../../shared/formats/xlsx-text';

export async function downloadTable(name: string, header: string[], rows: string[][], format: 'csv' | 'xlsx'): Promise<void> {
  let blob: Blob;
  if (format === 'csv') {
    const text = '\ufeff' + [header, ...rows].map((row) => csvRow(row, { forPeople: true })).join('');
    blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  } else {
    // SheetJS is loaded only when a workbook is asked for.
    const XLSX = await import('xlsx');
    const sheet = XLSX.utils.aoa_to_sheet(textCells([header, ...rows]));
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Results');
    const bytes = XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
    blob = new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  }
  save(blob, `${name}.${format}`);
}

/** Text made by main (the full problem report), saved as a download. */
export function downloadText(fileName: string, text: string, type: string): void {
  save(new Blob([text], { type }), fileName);
}

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
