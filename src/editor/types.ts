/**
 * What the editor services know about a policy, as plain data (JSON-safe, offsets in UTF-16 code
 * units as in every KPL span). Shared by the playground (Monaco, through its web worker) and the
 * language server (`kpl lsp`): neither has its own copy of these shapes.
 */

export interface ColumnSym {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly values?: string[];
  readonly description?: string;
  readonly references?: string;
  readonly constraint?: string;
  readonly start: number;
  readonly end: number;
}

export interface TableSym {
  readonly name: string;
  readonly role: 'population' | 'related' | 'lookup';
  readonly key?: string;
  readonly by?: string;
  readonly parent?: string;
  readonly columns: ColumnSym[];
  readonly start: number;
  readonly end: number;
}

export interface IndicatorSym {
  readonly id: string;
  readonly title?: string;
  readonly parent?: string;
  readonly depth: number;
  /** As written: `30%`, or `by role { 县公司: 70%; 职能部门: 30% }`. */
  readonly weight: string;
  /** Product of the fixed weights on the path, as a fraction, when every weight on it is fixed. */
  readonly effectiveWeight?: string;
  /** The weights on the path from the top, as written, for the hover's `50% × 100% × 50%`. */
  readonly path: string[];
  readonly rule?: string;
  readonly missing?: string;
  /** `description "…"` and `unit "…"` as written. */
  readonly description?: string;
  readonly unit?: string;
  readonly leaf: boolean;
  readonly start: number;
  readonly end: number;
  /** The whole declaration (keyword to the end of its rule or block), for outlines. */
  readonly declStart?: number;
  readonly declEnd?: number;
  /** The weight as written (`30%`, `by role { … }`), for marking the weights of siblings that do not sum to 100%. */
  readonly weightStart?: number;
  readonly weightEnd?: number;
}

export interface NamedSym {
  readonly name: string;
  readonly title?: string;
  readonly text?: string;
  readonly start: number;
  readonly end: number;
}

/** What the editor services (completion, hover, go-to-definition, outline) know about the policy. */
export interface Symbols {
  readonly tables: TableSym[];
  readonly indicators: IndicatorSym[];
  readonly lets: NamedSym[];
  readonly adjusts: NamedSym[];
  /** Grade names with their band as written. */
  readonly grades: (NamedSym & { band?: string; scale?: string })[];
  readonly scales: NamedSym[];
}

/** A built-in's completion items and hover in each language, derived from its record by src/builtins/describe.ts. */
export interface BuiltinInfo {
  readonly name: string;
  readonly aliases: string[];
  readonly special: boolean;
  readonly completions: Record<'en' | 'zh', { label: string; detail: string; documentation: string; snippet?: string }[]>;
  readonly hover: Record<'en' | 'zh', { title: string; signatures: string[]; summary: string; example: string }>;
  /** A construct written without a call (src/syntax/forms.ts): a money literal, `top 10% -> 优秀`. */
  readonly form?: {
    /** The literal it is written as (a regular expression's source): a hover on `¥2000` shows it. */
    readonly literal?: string;
    /** A word that is the likely next one after some text (`500 ` → `元`; `after`: a regular expression's source). */
    readonly likely?: { readonly word: string; readonly after: string };
  };
}

/** A Monarch language, JSON-safe (regular expressions as source strings). */
export interface MonarchSpec {
  readonly keywords: string[];
  readonly rules: [string, string][];
}

/** The language of the editor's texts (hover, completion details). */
export type EditorLang = 'en' | 'zh';
