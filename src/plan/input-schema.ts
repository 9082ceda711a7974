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
  // A column read from another header (`sales: money from "季度销售额（元）"`) is keyed by the header; its name is the title.
  if (c.header !== undefined) base['title'] = c.name;
  const numeric = ['number', 'integer', 'percent', 'money'].includes(c.type);
  if (numeric) {
    const n: Record<string, unknown> = { type: c.type === 'integer' ? 'integer' : 'number' };
    if (c.min) n[c.min.inclusive ? 'minimum' : 'exclusiveMinimum'] = Number(c.min.value);
    if (c.max) n[c.max.inclusive ? 'maximum' : 'exclusiveMaximum'] = Number(c.max.value);
    // Plain decimals, optionally with thousands separators in groups of three (README 4, Values).
    const digits = '(\\d{1,3}(,\\d{3})+|\\d+)';
    const s = { type: 'string', pattern: c.type === 'integer' ? `^\\s*[+-]?${digits}(\\.0*)?\\s*$` : c.type === 'percent' ? `^\\s*[+-]?(${digits}(\\.\\d*)?|\\.\\d+)\\s*%?\\s*$` : `^\\s*[+-]?(${digits}(\\.\\d*)?|\\.\\d+)\\s*$` };
    base['anyOf'] = [n, s];
  } else if (c.type === 'bool') base['anyOf'] = [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false', 'TRUE', 'FALSE', 't', 'f', 'T', 'F', '1', '0', 'yes', 'no', 'YES', 'NO', 'y', 'n', 'Y', 'N', '是', '否', '√', '×'] }];
  else if (c.type === 'category') Object.assign(base, { type: 'string', enum: c.values ?? [] });
  else if (c.type === 'date') Object.assign(base, { type: 'string', pattern: '^\\s*(\\d{4}([-/.])\\d{1,2}\\2\\d{1,2}|\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{2,7})\\s*$' });
  else base['type'] = 'string';
  if (c.optional) return { anyOf: [base, { type: 'null' }, { const: '' }], ...(c.header !== undefined ? { title: c.name } : {}), ...(c.description ? { description: c.description } : {}) };
  return base;
}

export function tableJsonSchema(t: InputTable): Record<string, unknown> {
  const properties: Record<string, unknown> = dict();
  for (const c of t.columns) properties[c.header ?? c.name] = columnSchema(c);
  return {
    type: 'array',
    description: `${t.role} table \`${t.name}\`${t.key ? `, key ${t.key}` : ''}${t.by ? `, rows per person by ${t.by}` : ''}`,
    items: { type: 'object', properties, required: t.columns.filter((c) => !c.optional).map((c) => c.header ?? c.name) },
  };
}

/** JSON Schema of all input tables of a plan, as one object keyed by table name. */
export function inputJsonSchema(plan: Plan): Record<string, unknown> {
  const properties: Record<string, unknown> = dict();
  for (const t of plan.inputs) properties[t.name] = tableJsonSchema(t);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${plan.policy.name} — input data`, type: 'object', properties, required: plan.inputs.map((t) => t.name) };
}
