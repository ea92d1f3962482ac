import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../../shared/mapping/suggest-mapping';
import { detectHeaderRow, isSummaryRow } from '../../../shared/mapping/detect-header-row';
import { headerSignature, layoutChanges, type Profile } from '../../../shared/mapping/profile';

describe('suggestMapping', () => {
  it('recognizes phone headers in common CRM languages, several per file', () => {
    const headers = ['Nom', 'Téléphone', 'Handy', 'Móvil', 'Telefon', 'Cell', 'Fax', 'Customer ID'];
    const row = ['Ann', '', '', '', '', '', '212-555-0188', '1234567'];
    const suggestion = suggestMapping(headers, [row], 'US', false);
    expect(suggestion.phone).toEqual([1, 2, 3, 4, 5]);
    expect(suggestion.columns[6]).toMatchObject({ role: 'ignore', reason: 'fax numbers cannot receive texts' });
    expect(suggestion.columns[7]?.role).toBe('ignore');
  });

  it('finds phone columns by content and explains why', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`Person ${i}`, `(212) 555-01${String(10 + i)}`]);
    const suggestion = suggestMapping(['Name', 'Contact'], rows, 'US', false);
    expect(suggestion.phone).toEqual([1]);
    expect(suggestion.columns[1]?.reason).toBe('looks like phone numbers: 100% of 10 samples');
  });
});

describe('a column named like a phone column', () => {
  it('is taken when its values are written like numbers, though few are valid under the chosen country', () => {
    const rows = [
      ['Anna', '030 12345678'],
      ['Ben', '0151 23456789'],
      ['Cem', 'NULL'],
      ['Dee', '089 1234567'],
    ];
    const suggestion = suggestMapping(['Name', 'Phone'], rows, 'US', false);
    expect(suggestion.phone).toEqual([1]);
    expect(suggestion.columns[1]?.reason).toBe('named like a phone column, written like phone numbers; only 0% of 4 samples are valid numbers of US');
    expect(suggestion.countryHint?.code).toBe('DE');
  });

  it('is passed over when empty while another column holds the numbers, and a label column is not one', () => {
    const rows = [
      ['Ann', '', 'Mobile', '(212) 555-0125'],
      ['Bob', '', 'Work', '(212) 555-0126'],
    ];
    const suggestion = suggestMapping(['Name', 'Company Phone', 'Phone 1 - Type', 'Phone 1 - Value'], rows, 'US', false);
    expect(suggestion.phone).toEqual([3]);
    expect(suggestion.columns[1]).toMatchObject({ role: 'ignore', reason: 'named like a phone column, but empty in the first rows' });
    expect(suggestion.columns[2]?.role).not.toBe('phone');
    // With no other column, an empty phone-named one is still the phone column (the rows below may fill it).
    expect(suggestMapping(['Name', 'Phone'], [['Ann', '']], 'US', false).phone).toEqual([1]);
  });
});

describe('tag columns', () => {
  it('are suggested for short groups only: not amounts, e-mails, values that all differ, or another field’s label', () => {
    const rows = Array.from({ length: 12 }, (_, i) => [`(212) 555-01${String(10 + i)}`, i % 2 ? 'VIP' : 'Gold', `$${200 + i}.15`, `p${i}@example.com`, `Region ${i}`, i % 2 ? 'Home' : 'Work']);
    const suggestion = suggestMapping(['Phone', 'Segment', 'Amount Type', 'Email Type', 'Region', 'E-mail 1 - Type'], rows, 'US', false);
    expect(suggestion.tags).toEqual([1]);
  });
});

describe('numbers that are no phone numbers', () => {
  it('passes over a survey’s IDs and answers that happen to validate (under DE and FR too), and keeps the phone column', () => {
    const headers = ['Respondent ID', 'Collector ID', 'Q1 score', 'Household income', 'Postcode', 'Mobile'];
    const rows = Array.from({ length: 20 }, (_, i) => [
      String(11489371538 + i * 7919),
      '431207815',
      String((i % 5) + 1),
      String(65000 + i * 1000),
      String(10115 + i * 37),
      `0151 2345${String(6700 + i)}`,
    ]);
    for (const country of ['US', 'DE', 'FR', 'GB'] as const) {
      const suggestion = suggestMapping(headers, rows, country, false);
      expect(suggestion.phone, country).toEqual([5]);
    }
    expect(suggestMapping(headers, rows, 'DE', false).columns[1]?.reason).toBe('named like an ID, not phone numbers');
  });

  it('passes over a column with the same number in every row, though it is valid', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`Person ${i}`, '2125550100', `(646) 555-01${String(10 + i)}`]);
    expect(suggestMapping(['Name', 'Branch line', 'Cell'], rows, 'US', false).phone).toEqual([2]);
    expect(suggestMapping(['Name', 'Branch line', 'Cell'], rows, 'US', false).columns[1]?.reason).toBe('the same number in every row: not a list of people’s numbers');
  });
});

describe('a file in TextPower’s own layout', () => {
  it('is suggested as Preformatted with a header too (phone first, groups after), but not when a column holds names', () => {
    const rows = [
      ['2125550125', 'Main St', 'VIP'],
      ['6465550142', 'Downtown', 'Gold'],
    ];
    expect(suggestMapping(['phone', 'store', 'segment'], rows, 'US', false)).toMatchObject({ mode: 'preformatted', phone: [0], tags: [1, 2] });
    expect(suggestMapping(['Phone', 'Name', 'Segment'], rows, 'US', false).mode).toBe('alp');
  });
});

describe('the country the numbers are from', () => {
  it('hints Germany when German national numbers fail under US, and says how many pass under each', () => {
    const rows = [
      ['Anna', '030 12345678'],
      ['Ben', '0151 23456789'],
      ['Cem', '089 1234567'],
      ['Dora', '+49 30 1234567'],
    ];
    expect(suggestMapping(['Name', 'Telefon'], rows, 'US', false).countryHint).toEqual({ code: 'DE', valid: 4, total: 4, validHere: 1 });
    expect(suggestMapping(['Name', 'Telefon'], rows, 'DE', false).countryHint).toBeNull();
  });

  it('gives no hint for numbers that pass where they are, or for too few numbers', () => {
    const us = Array.from({ length: 5 }, (_, i) => ['P', `(212) 555-01${String(10 + i)}`]);
    expect(suggestMapping(['Name', 'Phone'], us, 'US', false).countryHint).toBeNull();
    expect(suggestMapping(['Name', 'Telefon'], [['Anna', '030 12345678']], 'US', false).countryHint).toBeNull();
  });
});

describe('the opt-out column', () => {
  const rows = (values: string[]) => values.map((v, i) => [`Person ${i}`, `(212) 555-01${String(10 + i)}`, v]);
  it.each([
    ['SMS Opt Out', ['No', 'Yes', ''], ['Yes']],
    ['Unsubscribed', ['FALSE', 'TRUE'], ['TRUE']],
    ['Opted out', ['', 'x'], ['x']],
    ['Do Not Text', ['1', '0'], ['1']],
    ['Abgemeldet', ['Nein', 'Ja'], ['Ja']],
    ['Désabonné', ['Non', 'Oui'], ['Oui']],
    ['Baja', ['No', 'Sí'], ['Sí']],
    ['SMS Stop', ['', ''], []],
  ])('"%s" is suggested for removals, with the values its rows hold and the usual ones', (header, values, seen) => {
    const suggestion = suggestMapping(['Name', 'Mobile', header], rows(values), 'US', false);
    expect(suggestion.removeWhen).toMatchObject({ index: 2 });
    expect(suggestion.removeWhen?.values.slice(0, seen.length)).toEqual(seen);
    for (const usual of ['Yes', 'Y', 'TRUE', '1', 'X']) expect(suggestion.removeWhen?.values.map((v) => v.toLowerCase())).toContain(usual.toLowerCase());
    expect(suggestion.columns[2]).toMatchObject({ role: 'ignore', reason: expect.stringContaining('records who said no to texts') });
    expect(suggestion.phone).toEqual([1]);
  });

  it.each(['SMS Opt In', 'Marketing consent', 'Status', 'Notes'])('"%s" is not an opt-out column', (header) => {
    expect(suggestMapping(['Name', 'Mobile', header], rows(['Yes', 'No']), 'US', false).removeWhen).toBeNull();
  });

  it('an empty "SMS Opt Out" column is not taken for phone numbers', () => {
    const suggestion = suggestMapping(['Name', 'Mobile', 'SMS Opt Out'], rows(['', '']), 'US', false);
    expect(suggestion.phone).toEqual([1]);
    expect(suggestion.removeWhen?.index).toBe(2);
  });
});

describe('header rows', () => {
  it('skips title rows and blank rows', () => {
    expect(detectHeaderRow([['Contacts report'], ['Generated by …'], [], ['Name', 'Phone', 'Tag'], ['Ann', '2125550125', 'VIP']])).toEqual({ headerIndex: 3, dataIndex: 4 });
  });

  it('recognizes summary rows, and never a row with a number', () => {
    expect(isSummaryRow(['Grand Totals (4 records)'])).toBe(true);
    expect(isSummaryRow(['Total', '2125550125'])).toBe(false);
    expect(isSummaryRow(['Ann', 'Lee', 'VIP', 'Gold'])).toBe(false);
  });
});

describe('profiles', () => {
  it('keys profiles by normalized headers and names moved or missing columns', () => {
    expect(headerSignature([' Mobile ', 'GROUP', ''])).toBe(headerSignature(['mobile', 'group']));
    const profile = { phone: [{ index: 1, header: 'Mobile' }], tags: [{ index: 2, header: 'Group' }], removeWhen: null } as unknown as Profile;
    expect(layoutChanges(profile, ['Name', 'Mobile', 'Group'])).toEqual([]);
    expect(layoutChanges(profile, ['Name', 'Email', 'Mobile'])).toEqual(['"Mobile" moved from #2 to #3', '"Group" is missing']);
  });
});
