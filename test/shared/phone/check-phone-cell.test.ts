import { describe, expect, it } from 'vitest';
import { checkPhoneCell, toCountryCode } from '../../../shared/phone/check-phone-cell';

const check = (cell: string, country: 'US' | 'GB' | 'DE' | 'FR' = 'US') => checkPhoneCell(cell, country);
const one = (cell: string, country: 'US' | 'GB' | 'DE' | 'FR' = 'US') => {
  const results = check(cell, country);
  expect(results).toHaveLength(1);
  return results[0]!;
};

describe('checkPhoneCell', () => {
  it('normalizes common US formats to E.164', () => {
    for (const cell of ['(212) 555-0125', '212.555.0125', '212-555-0125', '+1 212 555 0125', '1-212-555-0125', '2125550125']) {
      expect(one(cell)).toMatchObject({ valid: true, e164: '+12125550125', national: '2125550125', country: 'US' });
    }
  });

  it('gives line-type hints where the numbering plan tells', () => {
    expect(one('+44 7911 123456', 'GB').lineType).toBe('mobile');
    expect(one('020 7946 0018', 'GB').lineType).toBe('fixed_line');
    expect(one('800-555-0199').lineType).toBe('toll_free');
    expect(one('(212) 555-0125').lineType).toBe('fixed_line_or_mobile');
    expect(one('+33 6 12 34 56 78').lineType).toBe('mobile');
  });

  it('keeps national digits with the trunk prefix for --phone-format national', () => {
    expect(one('+44 7911 123456', 'GB')).toMatchObject({ e164: '+447911123456', national: '07911123456' });
  });

  it('strips invisible characters, NBSP and tel: prefixes', () => {
    expect(one('\u200E(212)\u00A0555\u200B-0125\u202C')).toMatchObject({ valid: true, e164: '+12125550125' });
    expect(one('tel:+1-212-555-0125')).toMatchObject({ valid: true, e164: '+12125550125' });
  });

  it('removes and reports extensions', () => {
    expect(one('212-555-0125 ext. 42')).toMatchObject({ valid: true, e164: '+12125550125', extension: '42' });
    expect(one('212-555-0125 x9')).toMatchObject({ extension: '9' });
    expect(one('tel:+1-212-555-0125;ext=7')).toMatchObject({ e164: '+12125550125', extension: '7' });
    // National digits are the number's own, with or without the fast path (formatNational appends " ext. 42").
    for (const fastPath of [true, false]) {
      expect(checkPhoneCell('212-555-0125 ext. 42', 'US', { fastPath })[0]).toMatchObject({ national: '2125550125', extension: '42' });
      expect(checkPhoneCell('020 7946 0018 x12', 'GB', { fastPath })[0]).toMatchObject({ national: '02079460018', extension: '12' });
    }
  });

  it('splits a cell with several full numbers, never into an extension', () => {
    for (const cell of ['212-555-0125 / 212-555-0199', '212-555-0125; 212-555-0199', '212-555-0125, 212-555-0199', '212-555-0125\n212-555-0199', '212-555-0125 or 212-555-0199']) {
      const results = check(cell);
      expect(
        results.map((r) => r.e164),
        cell,
      ).toEqual(['+12125550125', '+12125550199']);
      expect(results.every((r) => r.extension === null)).toBe(true);
    }
  });

  it('keeps a slash inside one number whole', () => {
    expect(one('030/12345678', 'DE')).toMatchObject({ valid: true, e164: '+493012345678' });
  });

  it('repairs float artifacts exactly', () => {
    expect(one('2125550125.0')).toMatchObject({ valid: true, e164: '+12125550125', repaired: 'FLOAT_ARTIFACT' });
    expect(one('12125550125.00')).toMatchObject({ valid: true, e164: '+12125550125' });
  });

  it('reports scientific notation with lost digits as DAMAGED, and repairs it only when every digit is there', () => {
    expect(one('2.12555E+09')).toMatchObject({ valid: false, reason: 'DAMAGED', e164: null });
    expect(one('1.21256E+10')).toMatchObject({ valid: false, reason: 'DAMAGED' });
    expect(one('2.125550125E+09')).toMatchObject({ valid: true, e164: '+12125550125', repaired: 'SCIENTIFIC_NOTATION' });
  });

  it('names the reason of each invalid number', () => {
    expect(one('call me').reason).toBe('NOT_A_NUMBER');
    expect(one('12').reason).toBe('TOO_SHORT');
    expect(one('123456789012345678').reason).toBe('TOO_LONG');
    expect(one('+999 1234567').reason).toBe('INVALID_COUNTRY');
    expect(one('555-123-4567').reason).toBe('INVALID');
  });

  it('finds local and 0/1-leading numbers as the library does, on both paths', () => {
    for (const fastPath of [true, false]) {
      const first = (cell: string) => checkPhoneCell(cell, 'US', { fastPath })[0];
      for (const cell of ['555-1234', '555.1234', '555 1234', '5551234']) expect(first(cell)).toMatchObject({ valid: false, reason: 'TOO_SHORT' });
      // 011 is the international prefix; Canada has seven-digit 310-XXXX numbers.
      expect(first('011-2816')).toMatchObject({ valid: false, reason: 'INVALID_COUNTRY' });
      expect(first('310-1234')).toMatchObject({ valid: true, country: 'CA', e164: '+13101234' });
      for (const cell of ['000-000-0000', '(123) 456-7890', '1234567890']) expect(first(cell), cell).toMatchObject({ valid: false, reason: 'INVALID' });
    }
  });

  it('finds no number in empty or placeholder cells', () => {
    for (const cell of ['', '   ', 'N/A', '-', 'none', '\u200B']) expect(check(cell), JSON.stringify(cell)).toEqual([]);
  });

  it('reads a leading minus as the service’s removal mark', () => {
    expect(one('-8185551212')).toMatchObject({ valid: true, removal: true, e164: '+18185551212' });
    expect(one('-+1 818 555 1212')).toMatchObject({ removal: true, e164: '+18185551212' });
  });

  it('accepts only supported country codes', () => {
    expect(toCountryCode('us')).toBe('US');
    expect(toCountryCode('XX')).toBeNull();
  });
});
