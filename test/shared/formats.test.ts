import { describe, expect, it } from 'vitest';
import { cleanTag, MAX_TAG_LENGTH } from '../../shared/formats/clean-tag';
import { csvRow, neutralizeFormula, quoteCsvField } from '../../shared/formats/csv-text';

describe('cleanTag', () => {
  it('keeps only ASCII letters and digits, folding diacritics', () => {
    expect(cleanTag('Trade Show')).toMatchObject({ tag: 'TradeShow', changed: true });
    expect(cleanTag('Île-de-France')).toMatchObject({ tag: 'IledeFrance', changed: true });
    expect(cleanTag('Straße & Co.')).toMatchObject({ tag: 'StrasseCo' });
    expect(cleanTag('VIP')).toMatchObject({ tag: 'VIP', changed: false, digitLeading: false });
    expect(cleanTag('  Gold ')).toMatchObject({ tag: 'Gold', changed: false });
  });

  it('cuts at 75 characters and flags digit-leading tags', () => {
    const long = cleanTag('a'.repeat(80));
    expect(long.tag).toHaveLength(MAX_TAG_LENGTH);
    expect(long.truncated).toBe(true);
    expect(cleanTag('2024 Customers')).toMatchObject({ tag: '2024Customers', digitLeading: true });
    expect(cleanTag('!!!')).toMatchObject({ tag: '', changed: true });
  });
});

describe('CSV writing', () => {
  it('quotes per RFC 4180 and ends rows with CR LF', () => {
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(csvRow(['+12125550125', 'VIP'])).toBe('+12125550125,VIP\r\n');
  });

  it('neutralizes formula-leading cells only in files for people', () => {
    for (const cell of ['=SUM(A1)', '+1234', '-2+3', '@cmd', '\tx', '\rx']) expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    // Also after leading spaces or no-break spaces, and on any line of a multi-line cell (issue 14).
    for (const cell of ['  =SUM(A1)', '\u00A0=HYPERLINK("x")', 'Note\n=cmd|x', 'a\r\n @x']) expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['Smith-Jones', 'a = b', 'line one\nline two', '2125550125']) expect(neutralizeFormula(cell)).toBe(cell);
    expect(neutralizeFormula('Smith')).toBe('Smith');
    expect(csvRow(['=HYPERLINK("x")'], { forPeople: true })).toBe(`"'=HYPERLINK(""x"")"\r\n`);
    expect(csvRow(['-+12125550125'])).toBe('-+12125550125\r\n');
  });
});
