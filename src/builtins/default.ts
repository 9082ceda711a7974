/** `default(x, fallback)` / `缺省(x, 缺省值)`: x, or the fallback when x is missing. */
import * as M from '../numeric/interval-math.ts';
import type { PlainBuiltin } from './types.ts';

export const default_: PlainBuiltin = {
  kind: 'plain',
  name: 'default',
  aliases: ['缺省'],
  params: [{ name: 'x', kind: 'any' }, { name: 'fallback', aliases: ['缺省值'], kind: 'any' }],
  signature: 'default(x, fallback)',
  doc: {
    summary: { en: 'x, or `fallback` when x is missing', zh: 'x；x 缺失时取 `缺省值`' },
    example: { en: 'default(peer_score, 80)', zh: '缺省(互评分, 80)' },
  },
  result: { sameAs: 0 },
  strict: false,
  missingFrom: [1],
  joinWith: 1,
  impl: ([x, f]) => (x === null ? (f ?? null) : x),
  // 0: x has a value, 1: the fallback is used.
  branch: ([x]) => (x === null ? 1 : 0),
  sensitivity: (o, args) => args.reduce(o.most, o.none),
  outcomes: (call, [, f]) => [`\`${call}\` has a value`, `\`${call}\` falls back to \`${f!.text}\``],
  explain: (lang, branch, _call, [x, f]) => (branch !== 1 ? undefined : lang === 'zh' ? `\`${x!.text}\` 缺失 → 取 \`${f!.text}\`` : `\`${x!.text}\` is missing → \`${f!.text}\``),
  shownAsValue: true,
  sql: (g) => ({ v: `COALESCE(${g.arg(0).v}, ${g.arg(1).v})`, kind: g.arg(0).kind }),
  fast: (g, args) => {
    const v = g.gen(args[0]!);
    const f = args[1] ? g.gen(args[1]) : v;
    return g.choose(v, f, []);
  },
  lint: ([a, b]) => {
    const iv = a?.range.iv && b?.range.iv ? M.hull(a.range.iv, b.range.iv) : (a?.range.iv ?? b?.range.iv);
    return { ...(iv ? { iv } : {}), maybeNull: !!a?.range.maybeNull && !!b?.range.maybeNull };
  },
};
