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
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
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

const invalid = (detail: string): Diagnostic => diag('KPL2041', { detail });

export function readPlan(jsonText: string): ReadPlanResult {
  let data: unknown;
  try {
    data = JSON.parse(jsonText.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { diagnostics: [invalid(`it is not JSON (${e instanceof Error ? e.message : String(e)})`)] };
  }

  // A plan of another version may differ anywhere: say so instead of listing the differences.
  if (isObject(data) && 'planVersion' in data && data.planVersion !== PLAN_VERSION) {
    const found = JSON.stringify(data.planVersion) ?? String(data.planVersion);
    return {
      diagnostics: [
        invalid(`$.planVersion: the plan has version ${found}, but this KPL reads plan version ${PLAN_VERSION}; compile the policy again`),
      ],
    };
  }

  const depth = jsonDepth(data);
  if (depth > MAX_PLAN_DEPTH) return { diagnostics: [invalid(`it is nested ${depth} levels deep, deeper than any compiled plan (${MAX_PLAN_DEPTH})`)] };

  const errors = validateInPieces(data);
  if (!errors.length) return { plan: data as Plan, diagnostics: [] };

  const messages = [...new Set(errors.map(describeError))];
  const diagnostics = messages.slice(0, MAX_ERRORS).map(invalid);
  if (messages.length > MAX_ERRORS) diagnostics.push(invalid(`${messages.length - MAX_ERRORS} more problems are not shown`));
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

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

const DECIMAL_PATTERN = '^-?\\d+(\\.\\d+)?$';

function describeError(e: ErrorObject): string {
  const at = jsonPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${jsonPath(`${e.instancePath}/${pointerSegment(String(p.missingProperty))}`)}: this required field is missing`;
    case 'additionalProperties':
      return `${jsonPath(`${e.instancePath}/${pointerSegment(String(p.additionalProperty))}`)}: this field is not allowed here`;
    case 'discriminator': {
      const tag = String(p.tag);
      const tagAt = jsonPath(`${e.instancePath}/${pointerSegment(tag)}`);
      if (p.error === 'tag') return `${tagAt}: missing or not a string; it must name the kind of this node`;
      const kinds = discriminatorValues(e.parentSchema, tag);
      return `${tagAt}: unknown kind ${JSON.stringify(p.tagValue)}${kinds.length ? `; expected one of ${kinds.join(', ')}` : ''}`;
    }
    case 'type': {
      const types = String(p.type).split(',');
      return `${at}: must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}`;
    }
    case 'const':
      return `${at}: must be ${JSON.stringify(p.allowedValue)}`;
    case 'enum':
      return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return p.pattern === DECIMAL_PATTERN
        ? `${at}: must be a decimal number in a string, like "12.5"`
        : `${at}: must match the pattern ${String(p.pattern)}`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
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
