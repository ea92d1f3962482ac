/**
 * A TextPower keyword: the list an upload's numbers join. TextPower's keywords are single
 * words people text in (letters and digits); this app accepts that shape, up to 30 characters.
 */
export const KEYWORD_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$/;

export function isKeyword(text: string): boolean {
  return KEYWORD_PATTERN.test(text);
}
