import { describe, expect, it } from 'vitest';
import { convertCell, isIsoDate, rangeText } from '../../../src/data/index.ts';
import type { Bound, Column, ColumnType } from '../../../src/plan/schema.ts';
import { Decimal } from '../../../src/numeric/decimal.ts';
import { argText, renderPhrase } from '../../../src/diagnostics/phrases.ts';

const col = (type: ColumnType, extra: Partial<Column> = {}): Column => ({ name: 'c', type, optional: false, ...extra });
const incl = (value: string): Bound => ({ value, inclusive: true });
const excl = (value: string): Bound => ({ value, inclusive: false });

/** Expected value: a decimal as its plain text `d:…`, or a boolean / string / null. */
type Want = { value: string | boolean | null } | { code: string; args?: Record<string, string> };

const show = (v: unknown): unknown => (v !== null && typeof v === 'object' ? `d:${(v as { toFixed(): string }).toFixed()}` : v);

const cases: { note: string; text: string | undefined; column: Column; want: Want }[] = [
  // empty
  { note: 'empty required → KPL3009', text: '', column: col('number'), want: { code: 'KPL3009', args: { column: 'c' } } },
  { note: 'spaces only required → KPL3009', text: '   ', column: col('text'), want: { code: 'KPL3009' } },
  { note: 'absent cell required → KPL3009', text: undefined, column: col('bool'), want: { code: 'KPL3009' } },
  { note: 'empty optional → null (missing, never 0)', text: '', column: col('number', { optional: true }), want: { value: null } },
  { note: 'empty optional category → null', text: ' ', column: col('category', { optional: true, values: ['a'] }), want: { value: null } },
  // number
  { note: 'number plain', text: '12.5', column: col('number'), want: { value: 'd:12.5' } },
  { note: 'number negative, spaces trimmed', text: '  -12.5 ', column: col('number'), want: { value: 'd:-12.5' } },
  { note: 'number leading +', text: '+3', column: col('number'), want: { value: 'd:3' } },
  { note: 'number leading dot', text: '.5', column: col('number'), want: { value: 'd:0.5' } },
  { note: 'number exact decimal, no float error', text: '0.1000000000000000000001', column: col('number'), want: { value: 'd:0.1000000000000000000001' } },
  { note: 'thousands separators in groups of three', text: '1,234.50', column: col('number'), want: { value: 'd:1234.5' } },
  { note: 'thousands separators, negative, millions', text: '-1,234,567', column: col('money'), want: { value: 'd:-1234567' } },
  { note: 'thousands separators in a percent', text: '1,250%', column: col('percent'), want: { value: 'd:12.5' } },
  { note: 'a comma not between groups of three → KPL3001', text: '1,23', column: col('number'), want: { code: 'KPL3001', args: { value: '1,23', column: 'c' } } },
  { note: 'a decimal comma → KPL3001', text: '12,5', column: col('number'), want: { code: 'KPL3001' } },
  { note: 'groups of two (lakh) → KPL3001', text: '1,23,456', column: col('number'), want: { code: 'KPL3001' } },
  { note: 'full-width digits, point and sign', text: '－１２．５', column: col('number'), want: { value: 'd:-12.5' } },
  { note: 'full-width thousands comma and percent', text: '１，２５０．５％', column: col('percent'), want: { value: 'd:12.505' } },
  { note: 'minus sign U+2212', text: '\u22123', column: col('integer'), want: { value: 'd:-3' } },
  { note: 'NBSP around a number trimmed', text: '\u00a012.5\u00a0', column: col('number'), want: { value: 'd:12.5' } },
  { note: 'exponent rejected', text: '1e3', column: col('number'), want: { code: 'KPL3001' } },
  { note: 'words rejected', text: 'abc', column: col('number'), want: { code: 'KPL3001' } },
  { note: 'percent sign on a number column rejected', text: '5%', column: col('number'), want: { code: 'KPL3001' } },
  { note: 'inner space rejected', text: '1 000', column: col('number'), want: { code: 'KPL3001' } },
  // money
  { note: 'money many decimals', text: '1234.5678', column: col('money'), want: { value: 'd:1234.5678' } },
  { note: 'money with currency sign rejected', text: '¥100', column: col('money'), want: { code: 'KPL3001' } },
  // integer
  { note: 'integer whole', text: '42', column: col('integer'), want: { value: 'd:42' } },
  { note: 'integer 3.0 is whole', text: '3.0', column: col('integer'), want: { value: 'd:3' } },
  { note: 'integer fraction → KPL3010', text: '3.5', column: col('integer'), want: { code: 'KPL3010', args: { value: '3.5', column: 'c' } } },
  { note: 'integer non-number → KPL3001', text: 'x', column: col('integer'), want: { code: 'KPL3001' } },
  // percent
  { note: 'percent with % sign', text: '12.5%', column: col('percent'), want: { value: 'd:0.125' } },
  { note: 'percent as fraction', text: '0.125', column: col('percent'), want: { value: 'd:0.125' } },
  { note: 'percent with space and full-width ％', text: '80 ％', column: col('percent'), want: { value: 'd:0.8' } },
  { note: 'percent lone % rejected', text: '%', column: col('percent'), want: { code: 'KPL3001' } },
  { note: 'percent double %% rejected', text: '5%%', column: col('percent'), want: { code: 'KPL3001' } },
  // bool
  ...['true', 'TRUE', 'True', 't', 'T', '1', 'yes', 'YES', 'y', 'Y', 'Ｙ', '是', '√'].map((t) => ({ note: `bool ${t}`, text: t, column: col('bool'), want: { value: true } })),
  ...['false', 'FALSE', 'f', 'F', '0', 'no', 'No', 'n', 'N', '否', '×'].map((t) => ({ note: `bool ${t}`, text: t, column: col('bool'), want: { value: false } })),
  { note: 'bool other → KPL3011', text: 'maybe', column: col('bool'), want: { code: 'KPL3011', args: { value: 'maybe', column: 'c' } } },
  { note: 'bool 2 → KPL3011', text: '2', column: col('bool'), want: { code: 'KPL3011' } },
  // category
  { note: 'category listed', text: 'sales', column: col('category', { values: ['sales', 'tech', 'ops'] }), want: { value: 'sales' } },
  { note: 'category exactly as the reader gives it (a quoted " tech " is not tech)', text: ' tech ', column: col('category', { values: ['sales', 'tech'] }), want: { code: 'KPL3004' } },
  {
    note: 'category case differs → KPL3004 listing values',
    text: 'Sales',
    column: col('category', { values: ['sales', 'tech', 'ops'] }),
    want: { code: 'KPL3004', args: { value: 'Sales', column: 'c', values: 'sales, tech, ops' } },
  },
  { note: 'category Chinese value', text: '销售', column: col('category', { values: ['销售', '技术'] }), want: { value: '销售' } },
  // date
  { note: 'date valid', text: '2024-03-31', column: col('date'), want: { value: '2024-03-31' } },
  { note: 'date leap day', text: '2024-02-29', column: col('date'), want: { value: '2024-02-29' } },
  { note: 'date 2000 is leap', text: '2000-02-29', column: col('date'), want: { value: '2000-02-29' } },
  { note: 'date 1900 is not leap', text: '1900-02-29', column: col('date'), want: { code: 'KPL3012' } },
  { note: 'date Feb 29 non-leap', text: '2023-02-29', column: col('date'), want: { code: 'KPL3012', args: { value: '2023-02-29', column: 'c' } } },
  { note: 'date April 31', text: '2024-04-31', column: col('date'), want: { code: 'KPL3012' } },
  { note: 'date month 13', text: '2024-13-01', column: col('date'), want: { code: 'KPL3012' } },
  { note: 'date slashes', text: '2024/03/01', column: col('date'), want: { value: '2024-03-01' } },
  { note: 'date slashes no padding', text: '2024/1/5', column: col('date'), want: { value: '2024-01-05' } },
  { note: 'date no padding', text: '2024-3-1', column: col('date'), want: { value: '2024-03-01' } },
  { note: 'date in Chinese', text: '2024年1月5日', column: col('date'), want: { value: '2024-01-05' } },
  { note: 'date in Chinese with full-width digits', text: '２０２４年１２月３１日', column: col('date'), want: { value: '2024-12-31' } },
  { note: 'date Excel serial (1900 system)', text: '45296', column: col('date'), want: { value: '2024-01-05' } },
  { note: 'date Excel serial 61 is 1900-03-01', text: '61', column: col('date'), want: { value: '1900-03-01' } },
  { note: 'date Excel serial 60 (the 1900-02-29 that never was) → KPL3012', text: '60', column: col('date'), want: { code: 'KPL3012' } },
  { note: 'date day first or month first → KPL3012 (ambiguous)', text: '1/5/2024', column: col('date'), want: { code: 'KPL3012', args: { value: '1/5/2024', column: 'c' } } },
  { note: 'date with a time of day → KPL3012', text: '2024-01-05 08:00', column: col('date'), want: { code: 'KPL3012' } },
  { note: 'date no such day with slashes → KPL3012', text: '2023/2/29', column: col('date'), want: { code: 'KPL3012' } },
  { note: 'date mixed separators → KPL3012', text: '2024/1-5', column: col('date'), want: { code: 'KPL3012' } },
  // text
  { note: 'text as is (the reader trims an unquoted field, not convertCell)', text: '  张三 (A) ', column: col('text'), want: { value: '  张三 (A) ' } },
  { note: 'text of only spaces is empty', text: ' \u3000 ', column: col('text', { optional: true }), want: { value: null } },
  { note: 'text keeps inner newline', text: 'a\nb', column: col('text'), want: { value: 'a\nb' } },
];

describe('convertCell', () => {
  it.each(cases)('$note', ({ text, column, want }) => {
    const r = convertCell(text, column);
    if ('value' in want) {
      expect('value' in r ? show(r.value) : r.error).toEqual(want.value);
    } else {
      expect('error' in r).toBe(true);
      if (!('error' in r)) return;
      expect(r.error.code).toBe(want.code);
      if (want.args) expect(r.error.args).toMatchObject(want.args);
    }
  });
});

describe('convertCell: ranges', () => {
  const ranged: { note: string; text: string; column: Column; ok: boolean; range?: string }[] = [
    { note: 'min inclusive, at bound', text: '0', column: col('number', { min: incl('0') }), ok: true },
    { note: 'min inclusive, below', text: '-0.01', column: col('number', { min: incl('0') }), ok: false, range: '>= 0' },
    { note: 'min exclusive, at bound', text: '0', column: col('number', { min: excl('0') }), ok: false, range: '> 0' },
    { note: 'min exclusive, above', text: '0.0001', column: col('number', { min: excl('0') }), ok: true },
    { note: 'max inclusive, at bound', text: '100', column: col('number', { max: incl('100') }), ok: true },
    { note: 'max inclusive, above', text: '100.5', column: col('number', { max: incl('100') }), ok: false, range: '<= 100' },
    { note: 'max exclusive, at bound', text: '100', column: col('number', { max: excl('100') }), ok: false, range: '< 100' },
    { note: 'both inclusive, inside', text: '50', column: col('number', { min: incl('0'), max: incl('100') }), ok: true },
    { note: 'both inclusive, above', text: '101', column: col('number', { min: incl('0'), max: incl('100') }), ok: false, range: 'between 0 and 100' },
    { note: 'mixed bounds', text: '0', column: col('number', { min: excl('0'), max: incl('1') }), ok: false, range: '> 0 and <= 1' },
    { note: 'integer range', text: '6', column: col('integer', { min: incl('1'), max: incl('5') }), ok: false, range: 'between 1 and 5' },
    { note: 'percent: 120% above 100%', text: '120%', column: col('percent', { min: incl('0'), max: incl('1') }), ok: false, range: 'between 0% and 100%' },
    { note: 'percent: 100% at bound', text: '100%', column: col('percent', { min: incl('0'), max: incl('1') }), ok: true },
    { note: 'percent: fraction 1.2 above', text: '1.2', column: col('percent', { max: excl('1') }), ok: false, range: '< 100%' },
    { note: 'money negative', text: '-0.01', column: col('money', { min: incl('0') }), ok: false, range: '>= 0' },
  ];
  it.each(ranged)('$note', ({ text, column, ok, range }) => {
    const r = convertCell(text, column);
    if (ok) {
      // Inside the range: the cell's own value (a percentage as its fraction).
      const want = text.endsWith('%') ? new Decimal(text.slice(0, -1)).div(100) : new Decimal(text);
      expect('value' in r && r.value instanceof Decimal && r.value.eq(want), `${text} → ${JSON.stringify(r)}`).toBe(true);
      return;
    }
    expect('error' in r && r.error.code).toBe('KPL3002');
    const args = 'error' in r ? r.error.args : {};
    expect({ ...args, range: argText(args['range']!, 'en') }).toEqual({ value: text, column: 'c', range });
  });

  it('rangeText with no bound is empty', () => {
    expect(rangeText(undefined, undefined)).toBe('');
  });
  it('isIsoDate rejects year 0000', () => {
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('9999-12-31')).toBe(true);
  });
});

describe('why a value is refused', () => {
  const help = (text: string, type: ColumnType): string | undefined => {
    const r = convertCell(text, col(type));
    return 'error' in r && r.error.help ? renderPhrase(r.error.help, 'en') : undefined;
  };
  it('says why a comma or a date is not read', () => {
    expect(help('12,5', 'number')).toMatch(/thousands separator between groups of three digits/);
    expect(help('1e3', 'number')).toMatch(/exponents/);
    expect(help('1/5/2024', 'date')).toMatch(/ambiguous/);
    expect(help('2024-01-05 08:00', 'date')).toMatch(/time of day/);
    expect(help('2023/2/29', 'date')).toMatch(/no such day as 2023-02-29/);
  });
});
