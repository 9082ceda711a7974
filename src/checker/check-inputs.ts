/** Input declarations → the plan's input schema (tables, typed columns, ranges, keys, joins). */
import type * as A from '../ast/nodes.ts';
import type { Column, InputTable, Bound } from '../plan/schema.ts';
import type { CheckContext } from './context.ts';
import { signedValue } from './check-expr.ts';
import { suggest } from './context.ts';
import { dict } from '../source/dict.ts';
import { list, phrase, relatedNote } from '../diagnostics/diagnostic.ts';

const TYPES: Record<string, Column['type']> = dict({
  number: 'number', 数值: 'number', integer: 'integer', count: 'integer', 整数: 'integer', 计数: 'integer',
  percent: 'percent', 百分比: 'percent', money: 'money', 金额: 'money', bool: 'bool', boolean: 'bool', 布尔: 'bool', 是否: 'bool',
  category: 'category', 分类: 'category', text: 'text', 文本: 'text', date: 'date', 日期: 'date',
});

export function checkInputs(ctx: CheckContext, decls: readonly A.InputDecl[]): InputTable[] {
  const tables: InputTable[] = [];
  for (const d of decls) {
    if (ctx.tables.has(d.name.text)) {
      ctx.error('KPL2002', { name: d.name.text }, d.name.span);
      continue;
    }
    const columns: Column[] = [];
    const seen = new Map<string, A.Name['span']>();
    for (const c of d.columns) {
      const first = seen.get(c.name.text);
      if (first) {
        ctx.error('KPL2002', { name: c.name.text }, c.name.span, { related: [relatedNote(first, 'firstDefinedHere')] });
        continue;
      }
      seen.set(c.name.text, c.name.span);
      columns.push(checkColumn(ctx, c));
      if (!TYPES[c.type.text]) ctx.untyped.add(`${d.name.text}.${c.name.text}`);
    }
    // Each header is read by one column: `a: number from "b"` and a column `b` would read the same cells.
    const readers = new Map<string, string>();
    for (const c of d.columns) {
      const header = c.header?.value ?? c.name.text;
      const other = readers.get(header);
      if (other !== undefined && other !== c.name.text) ctx.error('KPL2060', { first: other, second: c.name.text, header }, c.header?.span ?? c.name.span);
      else readers.set(header, c.name.text);
    }
    const table: InputTable = {
      name: d.name.text,
      role: d.role,
      ...(d.key ? { key: d.key.text } : {}),
      ...(d.by ? { by: d.by.text } : {}),
      columns,
      ...(ctx.ref(d.span) ? { at: ctx.ref(d.span)! } : {}),
    };
    for (const k of [d.key, d.by]) {
      if (k && !seen.has(k.text)) {
        const hint = suggest(k.text, [...seen.keys()]);
        ctx.error('KPL2026', { name: k.text, table: d.name.text }, k.span, hint ? { help: phrase('didYouMean', { name: hint }) } : {});
      }
    }
    ctx.tables.set(table.name, table);
    tables.push(table);
  }
  const populations = decls.filter((d) => d.role === 'population');
  if (populations.length === 0) ctx.error('KPL2025', {}, undefined);
  for (const extra of populations.slice(1)) {
    ctx.error('KPL2044', { what: phrase('secondPopulation'), where: phrase('populationAlready', { first: populations[0]!.name.text, name: extra.name.text }) }, extra.span);
  }
  ctx.population = populations[0] ? ctx.tables.get(populations[0].name.text) : undefined;
  for (const d of decls) {
    if (d.role === 'related' && d.parent && d.parent.text !== ctx.population?.name) {
      ctx.error('KPL2001', { name: d.parent.text }, d.parent.span, ctx.population ? { help: phrase('relatedRowsBelongTo', { name: ctx.population.name }) } : {});
    }
    for (const c of d.columns) {
      if (c.references && ctx.tables.get(c.references.text)?.role !== 'lookup') {
        ctx.error('KPL2001', { name: c.references.text }, c.references.span, { help: phrase('referToTable') });
      }
    }
  }
  // Key and join columns count as used.
  for (const t of tables) {
    if (t.key) ctx.usedColumns.add(`${t.name}.${t.key}`);
    if (t.by) ctx.usedColumns.add(`${t.name}.${t.by}`);
  }
  return tables;
}

function checkColumn(ctx: CheckContext, c: A.ColumnDecl): Column {
  const type = TYPES[c.type.text];
  if (!type) {
    const hint = suggest(c.type.text, Object.keys(TYPES));
    ctx.error('KPL2032', { name: c.type.text, types: list(['`number`', '`integer`', '`percent`', '`money`', '`bool`', '`category`', '`text`', '`date`']) }, c.type.span, hint ? { help: phrase('didYouMean', { name: hint }) } : {});
  }
  let min: Bound | undefined;
  let max: Bound | undefined;
  for (const k of c.constraints) {
    if (k.kind === 'Interval') {
      min = { value: signedValue(k.low).toFixed(), inclusive: k.lowInclusive };
      max = { value: signedValue(k.high).toFixed(), inclusive: k.highInclusive };
      if (signedValue(k.low).gt(signedValue(k.high))) ctx.error('KPL2028', { low: signedValue(k.low).toFixed(), high: signedValue(k.high).toFixed() }, k.span);
    } else if (k.op === '>=' || k.op === '>') min = { value: signedValue(k.value).toFixed(), inclusive: k.op === '>=' };
    else max = { value: signedValue(k.value).toFixed(), inclusive: k.op === '<=' };
  }
  if ((min || max) && type && !['number', 'integer', 'percent', 'money'].includes(type)) {
    ctx.error('KPL2044', { what: phrase('aRange'), where: phrase('onColumnOfType', { type }) }, c.constraints[0]!.span);
  }
  // `>= 5 <= 1` (an `in [5, 1]` interval is reported above, once).
  if (min && max && Number(min.value) > Number(max.value) && !c.constraints.some((k) => k.kind === 'Interval' && signedValue(k.low).gt(signedValue(k.high)))) {
    ctx.error('KPL2028', { low: min.value, high: max.value }, c.span);
  }
  const values = c.values?.map((v) => v.text);
  if (type === 'category') {
    if (!values?.length) ctx.error('KPL2015', { name: 'category', expected: phrase('categoryValues'), got: 'none' }, c.type.span);
    const seen = new Set<string>();
    for (const v of c.values ?? []) {
      if (seen.has(v.text)) ctx.error('KPL2035', { value: v.text }, v.span);
      seen.add(v.text);
    }
  } else if (values) ctx.error('KPL2044', { what: phrase('aListOfValues'), where: phrase('onColumnNotCategory', { type: type ?? c.type.text }) }, c.values![0]!.span);
  const at = ctx.ref(c.span);
  return {
    name: c.name.text,
    type: type ?? 'text',
    ...(values ? { values } : {}),
    ...(min ? { min } : {}),
    ...(max ? { max } : {}),
    optional: c.optional,
    ...(c.references ? { references: c.references.text } : {}),
    ...(c.header ? { header: c.header.value } : {}),
    ...(c.description ? { description: c.description.value } : {}),
    ...(at ? { at } : {}),
  };
}
