/** How a column is named for people: its header, or #N (1-based) where it has none. */
export function columnLabel(index: number, headers: readonly string[]): string {
  const header = headers[index]?.trim();
  return header ? header : `#${index + 1}`;
}
