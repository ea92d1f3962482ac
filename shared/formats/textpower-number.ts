/**
 * A number in the form TextPower's documented files and examples use (textpower-service.md §5):
 * North American numbers (+1 and ten digits) as their ten digits, every other number in E.164.
 */
export function textPowerNumber(e164: string): string {
  return e164.startsWith('+1') && e164.length === 12 ? e164.slice(2) : e164;
}
