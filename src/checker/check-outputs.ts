/** The output columns: names that resolve to values, in the order HR needs them. */
import type * as A from '../ast/nodes.ts';
import type { OutputColumn } from '../plan/schema.ts';
import type { CheckContext } from './context.ts';
import { checkExpr, printedDecimals } from './check-expr.ts';
import { phrase } from '../diagnostics/diagnostic.ts';

export function checkOutputs(ctx: CheckContext, outputs: readonly A.OutputDecl[]): OutputColumn[] {
  const cols: OutputColumn[] = [];
  const seen = new Set<string>();
  const items = outputs.flatMap((o) => o.items);
  if (outputs.length > 1) ctx.error('KPL2002', { name: 'output' }, outputs[1]!.span);
  for (const item of items) {
    if (seen.has(item.name.text)) ctx.error('KPL2002', { name: item.name.text }, item.name.span);
    seen.add(item.name.text);
    const value: A.Expr = item.value ?? { kind: 'Name', name: item.name.text, span: item.name.span };
    const t = checkExpr(value, { ctx, where: 'an output column' });
    if (t.ty.t === 'rows' || t.ty.t === 'lookup' || t.ty.t === 'lookupRow') {
      ctx.error('KPL2027', { name: item.name.text, reason: phrase('isTableNotValue') }, value.span);
      continue;
    }
    const money = t.ty.t === 'num' && t.ty.unit === 'money';
    const decimals = printedDecimals(t.ty);
    // `if(c, round(x, 2), x)`: which scale it prints at would depend on the person (README 3.13).
    if (t.ty.t === 'num' && t.ty.mixedScale && !money) ctx.error('KPL2071', { name: item.name.text }, value.span);
    const unit = t.ty.t === 'num' && (t.ty.unit === 'percent' || t.ty.unit === 'money' || t.ty.unit === 'count') ? t.ty.unit : undefined;
    cols.push({ name: item.name.text, expr: t.expr, ...(decimals !== undefined ? { decimals } : {}), ...(unit !== undefined ? { unit } : {}) });
  }
  return cols;
}
