import { describe, expect, it } from 'vitest';
import { readJson } from '../../../src/data/index.ts';

describe('readJson', () => {
  const ok: { note: string; text: string; columns: string[]; cells: (string | undefined)[][] }[] = [
    { note: 'array of objects', text: '[{"id":"E1","s":"90"},{"id":"E2","s":"80"}]', columns: ['id', 's'], cells: [['E1', '90'], ['E2', '80']] },
    { note: '{"rows": [...]} form', text: '{"rows":[{"id":"E1"}]}', columns: ['id'], cells: [['E1']] },
    { note: 'numbers become plain decimal text', text: '[{"a":90,"b":-12.5,"c":1e-7,"d":1.5e3,"e":0.1}]', columns: ['a', 'b', 'c', 'd', 'e'], cells: [['90', '-12.5', '0.0000001', '1500', '0.1']] },
    { note: 'booleans and null', text: '[{"a":true,"b":false,"c":null}]', columns: ['a', 'b', 'c'], cells: [['true', 'false', '']] },
    { note: 'keys in first-seen order; absent key is undefined', text: '[{"a":"1"},{"b":"2","a":"3"}]', columns: ['a', 'b'], cells: [['1', undefined], ['3', '2']] },
    { note: 'strings kept exactly', text: '[{"a":"  x \\n y "}]', columns: ['a'], cells: [['  x \n y ']] },
  ];
  it.each(ok)('$note', ({ text, columns, cells }) => {
    const t = readJson('d.json', text);
    expect(t.diagnostics).toEqual([]);
    expect(t.complete).toBe(true);
    expect(t.columns).toEqual(columns);
    expect(t.records.map((r) => r.cells)).toEqual(cells);
    expect(t.records.map((r) => r.line)).toEqual(cells.map((_, i) => i + 1));
  });

  const bad: { note: string; text: string; file: string[]; rows: string[] }[] = [
    { note: 'syntax error located by text line/col', text: '[\n  {"a": 1,}\n]', file: ['KPL3021@2:11'], rows: [] },
    { note: 'not an array', text: '{"a": 1}', file: ['KPL3021@1:1'], rows: [] },
    { note: 'empty array → KPL3018', text: '[]', file: ['KPL3018@1:1'], rows: [] },
    { note: 'record that is not an object', text: '[{"a":"1"}, 5, null]', file: [], rows: ['2:1 KPL3021', '3:1 KPL3021'] },
    { note: 'nested value in a declared column, col = declared position', text: '[{"a":"1","b":{"x":1}}]', file: [], rows: ['1:2 KPL3021'] },
    { note: 'nested value in an undeclared column is ignored', text: '[{"a":"1","z":[1]}]', file: [], rows: [] },
  ];
  it.each(bad)('$note', ({ text, file, rows }) => {
    const t = readJson('d.json', text, ['a', 'b']);
    expect(t.diagnostics.map((d) => `${d.code}@${d.dataLocation?.line}:${d.dataLocation?.col}`)).toEqual(file);
    expect(t.records.flatMap((r) => r.errors.map((e) => `${e.dataLocation?.line}:${e.dataLocation?.col} ${e.code}`))).toEqual(rows);
  });
});

describe('the JSON parser keeps numbers and keys as written', async () => {
  const { parseJson, JsonSyntaxError } = await import('../../../src/data/json-parse.ts');
  it('numbers as source text, __proto__ as a key, deep nesting without recursion', () => {
    const v = parseJson('{"__proto__": 12345678901234567890.123, "a": [1e-7, -0, true, null, "x\\u00e9"]}') as Map<string, unknown>;
    expect(v.get('__proto__')).toEqual({ num: '12345678901234567890.123' });
    expect(v.get('a')).toEqual([{ num: '1e-7' }, { num: '-0' }, true, null, 'xé']);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(Array.isArray(parseJson(deep))).toBe(true);
  });
  it.each(['', '[1,]', '{"a" 1}', '[01]', '"\u0001"', '[1] x', '{"a":1,}', 'tru'])('refuses %j', (t) => {
    expect(() => parseJson(t)).toThrow(JsonSyntaxError);
  });
});
