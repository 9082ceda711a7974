/**
 * The declarations of one policy file, read from its syntax tree (so they are there even while the
 * policy has errors), with the effective weights of the compiled plan when there is one. What
 * completion, hover, go-to-definition and the outline answer from — in the playground and in
 * `kpl lsp` alike.
 */
import type * as A from '../ast/nodes.ts';
import { parse } from '../syntax/parse.ts';
import { Decimal } from '../numeric/decimal.ts';
import type { Indicator as PlanIndicator, Plan } from '../plan/schema.ts';
import type { IndicatorSym, Symbols, TableSym } from './types.ts';

type SignedNumber = { readonly negative: boolean; readonly text: string; readonly percent: boolean };

function num(n: SignedNumber): string {
  return `${n.negative ? '-' : ''}${n.text}${n.percent ? '%' : ''}`;
}
function frac(n: SignedNumber): Decimal {
  const d = new Decimal(n.text);
  return (n.negative ? d.neg() : d).div(n.percent ? 100 : 1);
}

/** Declarations of `source` (named `file`), read from the syntax tree; `plan` adds effective weights and `missing` rules. */
export function symbolsOf(file: string, source: string, plan?: Plan): Symbols {
  const { ast } = parse(file, source);
  const text = (s: { start: number; end: number }) => source.slice(s.start, s.end);
  const out: Symbols = { tables: [], indicators: [], lets: [], adjusts: [], grades: [], scales: [] };
  const planInd = new Map<string, PlanIndicator>();
  const walkPlan = (n: PlanIndicator) => {
    planInd.set(n.id, n);
    n.children.forEach(walkPlan);
  };
  plan?.indicators.forEach(walkPlan);
  const scales = new Map<string, A.ScaleDecl>();
  for (const item of ast.items) if (item.kind === 'Scale') scales.set(item.name.text, item);

  const walkInd = (d: A.IndicatorDecl, depth: number, parent: string | undefined, path: string[], product: Decimal | undefined) => {
    let weight = '';
    let eff: Decimal | undefined;
    if (d.weight?.kind === 'Fixed') {
      weight = num(d.weight.value);
      eff = product?.times(frac(d.weight.value));
    } else if (d.weight?.kind === 'By') {
      weight = `by ${d.weight.column.text} { ${d.weight.rows.map((r) => `${r.key.text}: ${num(r.value)}`).join('; ')} }`;
    }
    const p = planInd.get(d.name.text);
    const sym: IndicatorSym = {
      id: d.name.text,
      ...(d.title ? { title: d.title.value } : {}),
      ...(parent ? { parent } : {}),
      depth,
      weight,
      ...(p?.effectiveWeight ? { effectiveWeight: p.effectiveWeight } : eff ? { effectiveWeight: eff.toFixed() } : {}),
      path: [...path, weight],
      ...(d.rule ? { rule: text(d.rule.span).replace(/\s*\n\s*/g, ' ') } : {}),
      ...(d.missing ? { missing: d.missing.text } : p ? { missing: p.missing } : {}),
      ...(d.description ? { description: d.description.value } : {}),
      ...(d.unit ? { unit: d.unit.value } : {}),
      leaf: d.children.length === 0,
      start: d.name.span.start,
      end: d.name.span.end,
      declStart: d.span.start,
      declEnd: d.span.end,
      ...(d.weight ? { weightStart: (d.weight.kind === 'Fixed' ? d.weight.value.span : d.weight.span).start, weightEnd: (d.weight.kind === 'Fixed' ? d.weight.value.span : d.weight.span).end } : {}),
    };
    out.indicators.push(sym);
    for (const c of d.children) walkInd(c, depth + 1, d.name.text, [...path, weight], eff);
  };

  for (const item of ast.items) {
    switch (item.kind) {
      case 'Input': {
        const t: TableSym = {
          name: item.name.text,
          role: item.role,
          ...(item.key ? { key: item.key.text } : {}),
          ...(item.by ? { by: item.by.text } : {}),
          ...(item.parent ? { parent: item.parent.text } : {}),
          columns: item.columns.map((c) => ({
            name: c.name.text,
            type: c.type.text,
            optional: c.optional,
            ...(c.values ? { values: c.values.map((v) => v.text) } : {}),
            ...(c.description ? { description: c.description.value } : {}),
            ...(c.references ? { references: c.references.text } : {}),
            ...(c.constraints.length ? { constraint: c.constraints.map((k) => text(k.span)).join(' ') } : {}),
            start: c.name.span.start,
            end: c.name.span.end,
          })),
          start: item.name.span.start,
          end: item.name.span.end,
        };
        out.tables.push(t);
        break;
      }
      case 'Indicator':
        walkInd(item, 0, undefined, [], new Decimal(1));
        break;
      case 'Let':
        out.lets.push({ name: item.name.text, text: text(item.value.span), start: item.name.span.start, end: item.name.span.end });
        break;
      case 'Adjust':
        out.adjusts.push({ name: item.name.text, ...(item.title ? { title: item.title.value } : {}), text: text(item.value.span), start: item.name.span.start, end: item.name.span.end });
        break;
      case 'Scale':
        out.scales.push({ name: item.name.text, start: item.name.span.start, end: item.name.span.end });
        break;
      case 'Grade': {
        const bands = item.bands ?? (item.scale ? scales.get(item.scale.text)?.bands : undefined) ?? [];
        for (const b of bands) {
          out.grades.push({
            name: b.name.text,
            ...(b.title ? { title: b.title.value } : {}),
            band: text(b.bound.span),
            ...(item.scale ? { scale: item.scale.text } : {}),
            start: b.name.span.start,
            end: b.name.span.end,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  // Scales not used by `grade by` still declare their grade names.
  for (const s of scales.values()) {
    for (const b of s.bands) {
      if (out.grades.some((g) => g.name === b.name.text)) continue;
      out.grades.push({ name: b.name.text, ...(b.title ? { title: b.title.value } : {}), band: text(b.bound.span), scale: s.name.text, start: b.name.span.start, end: b.name.span.end });
    }
  }
  return out;
}

/** Several files' symbols as one set (the file that asks first: its declarations win lookups). */
export function mergeSymbols(all: readonly Symbols[]): Symbols {
  return {
    tables: all.flatMap((s) => s.tables),
    indicators: all.flatMap((s) => s.indicators),
    lets: all.flatMap((s) => s.lets),
    adjusts: all.flatMap((s) => s.adjusts),
    grades: all.flatMap((s) => s.grades),
    scales: all.flatMap((s) => s.scales),
  };
}
