/**
 * Every built-in function, one record per function (src/builtins/<name>.ts, shape in types.ts).
 * Plain functions carry their type rule, exact implementation, fast-engine generator and lint
 * interval rule; special forms (a table block or a cohort) carry names, parameters and docs and
 * are lowered by the checker to their own plan nodes. Adding a built-in: write its file and add
 * it to one of the two lists below (docs/contributing.md).
 */
import { min } from './min.ts';
import { max } from './max.ts';
import { clamp } from './clamp.ts';
import { abs } from './abs.ts';
import { round } from './round.ts';
import { ratio } from './ratio.ts';
import { closer } from './closer.ts';
import { present } from './present.ts';
import { default_ } from './default.ts';
import { interpolate } from './interpolate.ts';
import { steps } from './steps.ts';
import { lookup } from './lookup.ts';
import { groupMean } from './group-mean.ts';
import { count } from './count.ts';
import { sum } from './sum.ts';
import { mean } from './mean.ts';
import { rank } from './rank.ts';
import { allocate } from './allocate.ts';
import { progressive } from './progressive.ts';
import type { BuiltinRecord, PlainBuiltin, SpecialForm } from './types.ts';
import { dictFrom } from '../source/dict.ts';

export type { ArgKind, BuiltinRecord, Doc, FastGen, FastOps, FastValue, LintArg, LintRange, LintRule, Param, PlainBuiltin, PlainParam, SensOps, SensRule, ShownArg, SpecialForm } from './types.ts';
export { ROUNDING_MODES } from './common.ts';
/** A plain built-in (the name the checker, interpreter and explain have always used). */
export type Builtin = PlainBuiltin;

/** Plain built-in functions, in documentation order. */
export const BUILTINS: readonly PlainBuiltin[] = [min, max, clamp, abs, round, ratio, closer, present, default_];

/** Special forms, in documentation order. */
export const SPECIALS: readonly SpecialForm[] = [interpolate, steps, lookup, groupMean, count, sum, mean, rank, allocate, progressive];

/** Every record, plain first. */
export const ALL_BUILTINS: readonly BuiltinRecord[] = [...BUILTINS, ...SPECIALS];

/** Names of the special forms with their Chinese aliases (derived from the records). */
export const SPECIAL_FORMS: Record<string, readonly string[]> = dictFrom(SPECIALS.map((s) => [s.name, s.aliases] as const));

const byName = new Map<string, PlainBuiltin>();
const specialByName = new Map<string, SpecialForm>();
for (const r of ALL_BUILTINS) {
  for (const n of [r.name, ...r.aliases]) {
    if (byName.has(n) || specialByName.has(n)) throw new Error(`src/builtins: the name ${n} is used twice`);
    if (r.kind === 'plain') byName.set(n, r);
    else specialByName.set(n, r);
  }
}

/** The plain built-in called `name` (English or Chinese). */
export function findBuiltin(name: string): PlainBuiltin | undefined {
  return byName.get(name);
}

/** The canonical name of the special form called `name` (English or Chinese). */
export function findSpecialForm(name: string): string | undefined {
  return specialByName.get(name)?.name;
}

/** The record of the special form called `name` (English or Chinese). */
export function findSpecial(name: string): SpecialForm | undefined {
  return specialByName.get(name);
}

/** Every name a call may use, English and Chinese. */
export function allNames(): string[] {
  return ALL_BUILTINS.flatMap((r) => [r.name, ...r.aliases]);
}
