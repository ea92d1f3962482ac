/** The layout of an opened table: header row, columns with samples, and the suggested mapping. */
import type { CountryCode } from 'libphonenumber-js/max';
import { detectHeaderRow, isSummaryRow } from '../../shared/mapping/detect-header-row';
import { suggestMapping, type MappingSuggestion } from '../../shared/mapping/suggest-mapping';
import { TxpError } from '../../shared/txp-error';
import type { OpenedTable } from '../reading/open-table';

export interface ColumnInfo {
  /** 1-based. */
  index: number;
  header: string;
  samples: string[];
}

export interface TableLayout {
  /** 1-based row number of the header in the file (or sheet), null when there is none. */
  headerRow: number | null;
  /** 0-based index of the first data row. */
  dataStart: number;
  headers: string[];
  width: number;
  columns: ColumnInfo[];
  suggestion: MappingSuggestion;
}

export function analyzeLayout(table: OpenedTable, country: CountryCode, headerRowOverride?: number | null): TableLayout {
  const sample = table.sample;
  let headerIndex: number | null;
  let dataStart: number;
  if (headerRowOverride !== undefined) {
    if (headerRowOverride !== null && (headerRowOverride < 1 || headerRowOverride > sample.length)) {
      throw new TxpError('USAGE', `--header-row ${headerRowOverride}: choose a row from 1 to ${sample.length} (the header must be among the first rows).`);
    }
    headerIndex = headerRowOverride === null ? null : headerRowOverride - 1;
    dataStart = headerIndex === null ? 0 : headerIndex + 1;
  } else {
    const detection = detectHeaderRow(sample);
    headerIndex = detection.headerIndex;
    dataStart = detection.dataIndex;
  }
  // A header is a name: one far longer (a 1 MB string) is cut for people and for the plan.
  const headers = headerIndex === null ? [] : (sample[headerIndex] ?? []).map((h) => shortened(h.trim(), MAX_HEADER));
  const dataSample = sample.slice(dataStart).filter((row) => row.some((cell) => cell.trim() !== '') && !isSummaryRow(row));
  const width = Math.max(headers.length, ...dataSample.map((row) => row.length), 0);
  const columns: ColumnInfo[] = [];
  for (let i = 0; i < width; i++) {
    columns.push({
      index: i + 1,
      header: headers[i] ?? '',
      samples: dataSample
        .map((row) => row[i] ?? '')
        .filter((cell) => cell.trim() !== '')
        .slice(0, 5)
        .map((cell) => shortened(cell, MAX_SAMPLE)),
    });
  }
  const suggestion = suggestMapping(headers, dataSample, country, headerIndex === null);
  return { headerRow: headerIndex === null ? null : headerIndex + 1, dataStart, headers, width, columns, suggestion };
}

const MAX_HEADER = 300;
const MAX_SAMPLE = 200;

/** Text cut for display, with an ellipsis where it was cut. */
export function shortened(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
