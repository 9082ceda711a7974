/**
 * Generated code must not carry text from a policy or from data. A plan read from JSON can name
 * columns, indicators, grades and categories anything at all; here every name and string is a
 * piece of JavaScript trying to break out. The results must equal the interpreter's, nothing may
 * run, and no such text may appear in the generated source.
 */
import { describe, it, expect } from 'vitest';
import { planOf, dataOf, compare, firstDiff } from './helpers.ts';
import { Plan } from '../../src/plan/schema.ts';
import { generatedSources } from '../../src/fast/engine.ts';
import { seal } from '../../src/fast/emit.ts';
import { numLit } from '../../src/numeric/scaled.ts';

const EVIL = [
  'a"); globalThis.__kplPwned = 1; ("',
  "b'); globalThis.__kplPwned = 2; ('",
  'c`; globalThis.__kplPwned = 3; `${globalThis.__kplPwned = 4}',
  'd\\"]; globalThis.__kplPwned = 5; //',
  'e*/ globalThis.__kplPwned = 6; /*',
  'f\n globalThis.__kplPwned = 7;\u2028',
  'g</script><script>globalThis.__kplPwned = 8</script>',
  'constructor',
  'toString',
  'h} }; globalThis.__kplPwned = 9; { {',
];

const POLICY = `
policy "injection"
input people key ID {
  ID: text
  UNIT: text
  ROLE: category { RA, RB }
  SCORE: number in [0, 100]
  BONUS: money >= 0
  FLAG: bool
}
indicator IND1 weight by ROLE { RA: 60%; RB: 40% } = SCORE
indicator IND2 weight by ROLE { RA: 40%; RB: 60% } = if ROLE = "RA" then lookup(UNIT) { U1: 90; U2: 70; otherwise: 50 } else SCORE / 3
total = round(weighted, 2)
grade { GA >= 80; GB >= 60; GC < 60 }
veto "VETO" when FLAG then grade GC
distribute per UNIT { GA at most 50% floor, min 1 -> GB; order by total desc, ID asc }
reward = round(BONUS * lookup(grade) { GA: 1.3; GB: 1.0; GC: 0.5 }, 2)
output ID, UNIT, total, grade, reward, note = "NOTE"
`;

/** Renames every placeholder in a plan to a piece of JavaScript (consistently, as a JSON plan could). */
function evilPlan(): { plan: Plan; names: Record<string, string> } {
  const base = planOf('injection.kpl', POLICY);
  const names: Record<string, string> = {
    ID: EVIL[0]!,
    UNIT: EVIL[1]!,
    ROLE: EVIL[2]!,
    SCORE: EVIL[3]!,
    BONUS: EVIL[4]!,
    FLAG: EVIL[5]!,
    IND1: EVIL[6]!,
    IND2: EVIL[7]!,
    RA: EVIL[8]!,
    RB: EVIL[9]!,
    GA: EVIL[0]! + 'A',
    GB: EVIL[1]! + 'B',
    GC: EVIL[2]! + 'C',
    U1: EVIL[3]! + 'U',
    NOTE: EVIL[5]! + 'N',
  };
  let json = JSON.stringify(base);
  for (const [from, to] of Object.entries(names)) json = json.replaceAll(`"${from}"`, JSON.stringify(to));
  const plan = Plan.parse(JSON.parse(json));
  return { plan, names };
}

function csvField(s: string): string {
  return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

describe('no code injection through names and strings', () => {
  it('evaluates a plan whose every name is JavaScript exactly like the interpreter, and runs none of it', () => {
    const { plan, names } = evilPlan();
    const header = ['ID', 'UNIT', 'ROLE', 'SCORE', 'BONUS', 'FLAG'].map((c) => csvField(names[c]!));
    const rows: string[] = [];
    for (let i = 0; i < 300; i++) {
      const unit = i % 3 === 0 ? names['U1']! : i % 3 === 1 ? 'U2' : EVIL[6]!;
      const role = i % 2 ? names['RA']! : names['RB']!;
      rows.push([csvField(`${EVIL[i % EVIL.length]}#${i}`), csvField(unit), csvField(role), String((i * 37) % 101), (i * 13.37).toFixed(2), i % 17 === 0 ? 'true' : 'false'].join(','));
    }
    const data = dataOf(plan, { people: [header.join(','), ...rows].join('\n') + '\n' });
    expect(data.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const c = compare(plan, data);
    expect(c.fast.engine, c.fast.reason).toBe('fast');
    expect(c.fastCsv === c.exactCsv, firstDiff(c.exactCsv, c.fastCsv)).toBe(true);
    expect(c.fastDiagnostics).toBe(c.exactDiagnostics);
    expect((globalThis as { __kplPwned?: number }).__kplPwned).toBeUndefined();
    const sources = generatedSources(plan);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      for (const evil of EVIL) expect(src.includes(evil)).toBe(false);
      expect(src).not.toMatch(/kplPwned|["'`\\]/);
    }
  });

  it('refuses to seal generated code that carries a string delimiter or non-ASCII text', () => {
    expect(() => seal('const a = "x";')).toThrow();
    expect(() => seal("const a = 'x';")).toThrow();
    expect(() => seal('const a = `x`;')).toThrow();
    expect(() => seal('const a = 1; // 中')).toThrow();
    expect(seal('const a = 1;')).toBe('const a = 1;');
  });

  it('emits numbers only as validated literals', () => {
    expect(numLit(12.5)).toBe('12.5');
    expect(numLit(-3)).toBe('(-3)');
    expect(numLit(1e21)).toBe('1e+21');
    expect(numLit(-0)).toBe('(-0)');
    expect(() => numLit(NaN)).toThrow();
    expect(() => numLit(Infinity)).toThrow();
    expect(() => numLit('1; evil()' as unknown as number)).toThrow();
  });
});
