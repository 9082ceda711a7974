/**
 * Reading a plan file: JSON text → a validated `Plan`, or diagnostics (KPL2041) that say what is
 * wrong and where, as a JSON path (`$.indicators[0].rule.k`). Validation is ajv against the JSON
 * Schema generated from the zod schema (`planJsonSchema()`), compiled once.
 *
 * For readable errors the tagged unions of the schema (`{ k: 'num', … } | { k: 'bin', … }`) are
 * compiled with ajv's `discriminator` keyword: a node is checked against the one branch its tag
 * names, so a mistake in it gets one message instead of one per branch. This is added to the
 * in-memory copy only; the published `grammar/plan.schema.json` stays plain JSON Schema.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { diag, list, phrase, type Diagnostic, type Phrase } from '../diagnostics/diagnostic.ts';
import type { PhraseKey } from '../diagnostics/phrases.ts';
import { planJsonSchema, type JsonSchema } from './json-schema.ts';
import { PLAN_VERSION, type Plan } from './schema.ts';
import { LIMITS } from '../diagnostics/limits.ts';

/** At most this many schema errors are reported; the rest are counted. */
const MAX_ERRORS = 20;

/**
 * The deepest plan JSON read: above what the compiler can write (an expression is at most
 * `treeDepth` deep, up to three JSON levels a node; indicators nest at most `nesting` deep), so
 * only a made-up plan is refused, before anything walks it recursively.
 */
export const MAX_PLAN_DEPTH = 3 * LIMITS.treeDepth + 2 * LIMITS.nesting + 32;

export interface ReadPlanResult {
  readonly plan?: Plan;
  readonly diagnostics: Diagnostic[];
}

const invalid = (detail: Phrase): Diagnostic => diag('KPL2041', { detail });

export function readPlan(jsonText: string): ReadPlanResult {
  let data: unknown;
  try {
    data = JSON.parse(jsonText.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { diagnostics: [invalid(notJson(jsonText, e))] };
  }

  // A plan of another version may differ anywhere: say so instead of listing the differences.
  if (isObject(data) && 'planVersion' in data && data.planVersion !== PLAN_VERSION) {
    const found = JSON.stringify(data.planVersion) ?? String(data.planVersion);
    return {
      diagnostics: [invalid(phrase('planOtherVersion', { path: '$.planVersion', found, version: PLAN_VERSION }))],
    };
  }

  const depth = jsonDepth(data);
  if (depth > MAX_PLAN_DEPTH) return { diagnostics: [invalid(phrase('planTooDeep', { depth, limit: MAX_PLAN_DEPTH }))] };

  const errors = validateInPieces(data);
  if (!errors.length) return { plan: data as Plan, diagnostics: [] };

  const messages = [...new Map(errors.map(describeError).map((p) => [JSON.stringify(p), p])).values()];
  const diagnostics = messages.slice(0, MAX_ERRORS).map(invalid);
  if (messages.length > MAX_ERRORS) diagnostics.push(invalid(phrase('planMoreProblems', { n: messages.length - MAX_ERRORS })));
  return { diagnostics };
}

// ── the validator ────────────────────────────────────────────────────────

let compiled: { plan: ValidateFunction; Expr: ValidateFunction; Indicator: ValidateFunction } | undefined;

/** The validators of a whole plan and of the two recursive parts (a cut-out expression or indicator). */
function validators(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, discriminator: true, strict: true });
  ajv.addSchema({ ...withDiscriminators(planJsonSchema()), $id: 'plan' });
  // The parts share the whole plan's compiled code.
  const part = (ref: string): ValidateFunction => ajv.getSchema(ref)!;
  compiled = { plan: part('plan'), Expr: part('plan#/$defs/Expr'), Indicator: part('plan#/$defs/Indicator') };
  return compiled;
}

/** Depth of a JSON value (a scalar is 0), measured without recursion. */
function jsonDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) max = d + 1;
    for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) stack.push([x, d + 1]);
  }
  return max;
}

/** JSON levels an ajv validator is given at once: its generated code recurses with large frames. */
const PIECE_DEPTH = 48;
const EXPR_KINDS = new Set(['num', 'bool', 'str', 'col', 'rowcol', 'lookup', 'ref', 'un', 'bin', 'if', 'call', 'interp', 'steps', 'map', 'agg', 'grouped', 'rank', 'allocate', 'ordered']);
const PLACEHOLDER = { Expr: { k: 'num', v: '0' }, Indicator: { id: '_', weight: { k: 'fixed', value: '0' }, missing: 'error', children: [] } } as const;

/**
 * Schema errors of a plan, validated in pieces so that a deep (but allowed) expression cannot
 * overflow the validator's stack: an expression or indicator more than PIECE_DEPTH levels below
 * the top of its piece is replaced by a valid stand-in, validated on its own, and put back; the
 * errors' paths are those in the whole plan.
 */
function validateInPieces(data: unknown): ErrorObject[] {
  const v = validators();
  const errors: ErrorObject[] = [];
  const pieces: { value: unknown; at: string; validate: ValidateFunction }[] = [{ value: data, at: '', validate: v.plan }];
  while (pieces.length) {
    const piece = pieces.pop()!;
    const cuts: { parent: Record<string, unknown>; key: string; value: unknown }[] = [];
    const stack: [unknown, number, string][] = [[piece.value, 0, '']];
    while (stack.length) {
      const [node, d, at] = stack.pop()!;
      if (typeof node !== 'object' || node === null) continue;
      for (const [key, child] of Object.entries(node)) {
        if (typeof child !== 'object' || child === null) continue;
        const childAt = `${at}/${pointerSegment(key)}`;
        const kind = d + 1 < PIECE_DEPTH || Array.isArray(child) ? undefined : partKind(child as Record<string, unknown>);
        if (kind) {
          cuts.push({ parent: node as Record<string, unknown>, key, value: child });
          (node as Record<string, unknown>)[key] = PLACEHOLDER[kind];
          pieces.push({ value: child, at: piece.at + childAt, validate: v[kind] });
        } else stack.push([child, d + 1, childAt]);
      }
    }
    if (!piece.validate(piece.value)) errors.push(...(piece.validate.errors ?? []).map((e) => ({ ...e, instancePath: piece.at + e.instancePath })));
    for (const c of cuts) c.parent[c.key] = c.value;
  }
  return errors;
}

function partKind(o: Record<string, unknown>): 'Expr' | 'Indicator' | undefined {
  if (typeof o.k === 'string' && EXPR_KINDS.has(o.k)) return 'Expr';
  if (typeof o.id === 'string' && Array.isArray(o.children)) return 'Indicator';
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The tag property of a union whose branches are all objects that require the same property with
 * a distinct string `const` in each (`k`), or undefined.
 */
function unionTag(branches: unknown[]): string | undefined {
  const consts = (b: unknown, name: string): unknown =>
    isObject(b) && isObject(b.properties) && isObject(b.properties[name]) ? b.properties[name].const : undefined;
  const first = branches[0];
  if (!isObject(first) || !isObject(first.properties)) return undefined;
  for (const name of Object.keys(first.properties)) {
    const values = branches.map((b) => consts(b, name));
    const required = branches.every((b) => isObject(b) && Array.isArray(b.required) && b.required.includes(name));
    if (required && values.every((v) => typeof v === 'string') && new Set(values).size === values.length) return name;
  }
  return undefined;
}

/** A copy of the schema with `discriminator` on every tagged union (`anyOf` of tagged branches is the same as `oneOf`). */
function withDiscriminators(schema: unknown): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    const branches = (out.oneOf ?? out.anyOf) as unknown;
    if (Array.isArray(branches) && branches.length > 1 && !('discriminator' in out)) {
      const tag = unionTag(branches);
      if (tag !== undefined) {
        delete out.anyOf;
        out.type = 'object'; // every branch is an object (ajv's strict mode wants it said here)
        out.oneOf = branches;
        out.discriminator = { propertyName: tag };
      }
    }
    return out;
  };
  return walk(schema) as JsonSchema;
}

// ── messages ─────────────────────────────────────────────────────────────

/** JSON Pointer (`/indicators/0/rule`) → JSON path (`$.indicators[0].rule`). */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '$';
  return (
    '$' +
    pointer
      .slice(1)
      .split('/')
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`))
      .join('')
  );
}

function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

const TYPE_NAMES: Readonly<Record<string, PhraseKey>> = {
  object: 'jsonObject',
  array: 'jsonArray',
  string: 'jsonString',
  number: 'jsonNumber',
  integer: 'jsonInteger',
  boolean: 'jsonBoolean',
  null: 'jsonNull',
};

const DECIMAL_PATTERN = '^-?\\d+(\\.\\d+)?$';

/** Bounds the schema sets (`minimum`, `maxItems` …), in words. */
const BOUNDS: Readonly<Record<string, PhraseKey>> = { minimum: 'planAtLeast', maximum: 'planAtMost', minItems: 'planAtLeastItems', maxItems: 'planAtMostItems' };

/** JSON.parse's complaint, as the line and column of the text where it stopped (V8 words it in English). */
function notJson(text: string, e: unknown): Phrase {
  const m = /line (\d+) column (\d+)/.exec(e instanceof Error ? e.message : '') ?? undefined;
  if (m) return phrase('planNotJsonAt', { line: Number(m[1]), col: Number(m[2]) });
  const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
  if (!at) return phrase('planNotJson');
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(at[1])).split('\n');
  return phrase('planNotJsonAt', { line: before.length, col: before[before.length - 1]!.length + 1 });
}

function describeError(e: ErrorObject): Phrase {
  const path = jsonPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return phrase('planFieldMissing', { path: jsonPath(`${e.instancePath}/${pointerSegment(String(p.missingProperty))}`) });
    case 'additionalProperties':
      return phrase('planFieldNotAllowed', { path: jsonPath(`${e.instancePath}/${pointerSegment(String(p.additionalProperty))}`) });
    case 'discriminator': {
      const tag = String(p.tag);
      const tagAt = jsonPath(`${e.instancePath}/${pointerSegment(tag)}`);
      if (p.error === 'tag') return phrase('planTagMissing', { path: tagAt });
      const kinds = discriminatorValues(e.parentSchema, tag);
      const kind = JSON.stringify(p.tagValue);
      return kinds.length ? phrase('planUnknownKindOneOf', { path: tagAt, kind, kinds: kinds.join(', ') }) : phrase('planUnknownKind', { path: tagAt, kind });
    }
    case 'type': {
      const types = String(p.type).split(',');
      return phrase('planMustBe', { path, what: list(types.map((t) => (Object.hasOwn(TYPE_NAMES, t) ? phrase(TYPE_NAMES[t]!) : t)), 'or') });
    }
    case 'const':
      return phrase('planMustBeValue', { path, value: JSON.stringify(p.allowedValue) });
    case 'enum':
      return phrase('planMustBeOneOf', { path, values: (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ') });
    case 'pattern':
      return p.pattern === DECIMAL_PATTERN ? phrase('planMustBeDecimal', { path }) : phrase('planMustMatch', { path, pattern: String(p.pattern) });
    default:
      return Object.hasOwn(BOUNDS, e.keyword) ? phrase(BOUNDS[e.keyword]!, { path, limit: Number(p.limit) }) : phrase('planOther', { path, message: e.message ?? e.keyword });
  }
}

/** The tag values a discriminated union accepts, from its schema (`num, bool, …`). */
function discriminatorValues(parentSchema: unknown, tag: string): string[] {
  if (!isObject(parentSchema) || !Array.isArray(parentSchema.oneOf)) return [];
  return parentSchema.oneOf.flatMap((b: unknown) => {
    const c = isObject(b) && isObject(b.properties) && isObject(b.properties[tag]) ? b.properties[tag].const : undefined;
    return typeof c === 'string' ? [c] : [];
  });
}
