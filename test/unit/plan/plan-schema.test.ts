import { existsSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { planJsonSchema, planJsonSchemaText } from '../../../src/plan/json-schema.ts';

const file = new URL('../../../grammar/plan.schema.json', import.meta.url);

describe('grammar/plan.schema.json', () => {
  it('is current with src/plan/schema.ts', () => {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '<missing>';
    expect(text, 'grammar/plan.schema.json is out of date with src/plan/schema.ts: run npm run grammar').toBe(planJsonSchemaText());
  });

  it('is pretty-printed with a final newline', () => {
    const text = planJsonSchemaText();
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
  });

  it('is draft 2020-12 with the recursive parts as $defs/$ref', () => {
    const s = planJsonSchema() as { $schema: string; $defs: Record<string, unknown> };
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(s.$defs)).toEqual(expect.arrayContaining(['Expr', 'Indicator', 'SourceRef']));
    expect(JSON.stringify(s.$defs.Expr)).toContain('"$ref":"#/$defs/Expr"');
    expect(JSON.stringify(s.$defs.Indicator)).toContain('"$ref":"#/$defs/Indicator"');
    expect(JSON.stringify(s)).not.toContain('__schema');
  });

  it('compiles as it is with ajv in strict mode', () => {
    expect(() => new Ajv2020({ strict: true }).compile(planJsonSchema())).not.toThrow();
  });
});
