/**
 * The input schema as JSON Schema: one array-of-records schema per input table, so HR systems
 * can validate an export before it reaches KPL. Numbers may be JSON numbers or decimal strings
 * (exact amounts are best sent as strings).
 */
import type { Column, InputTable, Plan } from './schema.ts';
import { dict } from '../source/dict.ts';

function columnSchema(c: Column): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  if (c.description) base['description'] = c.description;
  const numeric = ['number', 'integer', 'percent', 'money'].includes(c.type);
  if (numeric) {
    const n: Record<string, unknown> = { type: c.type === 'integer' ? 'integer' : 'number' };
    if (c.min) n[c.min.inclusive ? 'minimum' : 'exclusiveMinimum'] = Number(c.min.value);
    if (c.max) n[c.max.inclusive ? 'maximum' : 'exclusiveMaximum'] = Number(c.max.value);
    const s = { type: 'string', pattern: c.type === 'integer' ? '^\\s*[+-]?\\d+\\s*$' : c.type === 'percent' ? '^\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)%?\\s*$' : '^\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)\\s*$' };
    base['anyOf'] = [n, s];
  } else if (c.type === 'bool') base['anyOf'] = [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false', 'TRUE', 'FALSE', '1', '0', 'yes', 'no', '是', '否'] }];
  else if (c.type === 'category') Object.assign(base, { type: 'string', enum: c.values ?? [] });
  else if (c.type === 'date') Object.assign(base, { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
  else base['type'] = 'string';
  if (c.optional) return { anyOf: [base, { type: 'null' }, { const: '' }], ...(c.description ? { description: c.description } : {}) };
  return base;
}

export function tableJsonSchema(t: InputTable): Record<string, unknown> {
  const properties: Record<string, unknown> = dict();
  for (const c of t.columns) properties[c.name] = columnSchema(c);
  return {
    type: 'array',
    description: `${t.role} table \`${t.name}\`${t.key ? `, key ${t.key}` : ''}${t.by ? `, rows per person by ${t.by}` : ''}`,
    items: { type: 'object', properties, required: t.columns.filter((c) => !c.optional).map((c) => c.name) },
  };
}

/** JSON Schema of all input tables of a plan, as one object keyed by table name. */
export function inputJsonSchema(plan: Plan): Record<string, unknown> {
  const properties: Record<string, unknown> = dict();
  for (const t of plan.inputs) properties[t.name] = tableJsonSchema(t);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${plan.policy.name} — input data`, type: 'object', properties, required: plan.inputs.map((t) => t.name) };
}
