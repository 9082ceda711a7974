/**
 * Just enough XML for the parts of an .xlsx workbook: elements found by name in text that arrives
 * in pieces (a piece may end inside a tag), their attributes and their text. The parts are
 * machine-written SpreadsheetML, so a scan for whole elements of one name is exact: `<` never
 * appears inside text or attribute values, and names may carry a namespace prefix (`x:row`).
 */

/** Matches whole `<NAME …/>` or `<NAME …>…</NAME>` elements; group 2: attributes, group 3: content. */
export function elementPattern(name: string): RegExp {
  return new RegExp(`<((?:[\\w.-]+:)?)${name}\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/\\1${name}>)`, 'g');
}

/**
 * Feeds text pieces and calls `onElement` for each whole element of `pattern`'s name, in order.
 * Text after the last whole element is kept until it completes; `rest()` is what followed the last one.
 */
export class ElementScanner {
  private buffer = '';

  constructor(
    private readonly pattern: RegExp,
    private readonly onElement: (attributes: string, content: string | undefined) => void,
  ) {}

  push(text: string): void {
    this.buffer += text;
    const p = this.pattern;
    p.lastIndex = 0;
    let last = 0;
    for (let m = p.exec(this.buffer); m !== null; m = p.exec(this.buffer)) {
      this.onElement(m[2]!, m[3]);
      last = p.lastIndex;
    }
    if (last > 0) this.buffer = this.buffer.slice(last);
  }

  rest(): string {
    return this.buffer;
  }
}

/** The value of attribute `name` (without prefix, or with any prefix when `name` has `:`), unescaped. */
export function attribute(attributes: string, name: string): string | undefined {
  let p = ATTRIBUTES.get(name);
  if (p === undefined) {
    const local = name.includes(':') ? `[\\w.-]+:${name.slice(name.indexOf(':') + 1)}` : name;
    p = new RegExp(`(?:^|\\s)${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    ATTRIBUTES.set(name, p);
  }
  const m = p.exec(attributes);
  return m ? unescapeXml(m[1] ?? m[2]!) : undefined;
}

const ATTRIBUTES = new Map<string, RegExp>();

/** Every element of `name` in `text`: attributes and content. */
export function elements(text: string, name: string): { attributes: string; content: string | undefined }[] {
  return [...text.matchAll(elementPattern(name))].map((m) => ({ attributes: m[2]!, content: m[3] }));
}

/**
 * A copy of `s` that does not keep the text it was cut from alive: V8 makes a substring of 13 or
 * more characters a view of its parent, and a scanned piece of a sheet is hundreds of kilobytes.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with XML's escapes and SpreadsheetML's `_xHHHH_` escapes (a control character, `_x000D_` a CR) undone. */
export function unescapeXml(s: string): string {
  let t = s;
  if (t.includes('&')) t = t.replace(ENTITY, (_, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : NAMED[e]!));
  if (t.includes('_x')) t = t.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return t;
}

const T = elementPattern('t');
const PHONETIC = /<((?:[\w.-]+:)?)rPh\b[\s\S]*?<\/\1rPh>/g;

/**
 * The text of a string item (`<si>`, or an inline `<is>`): its `<t>` runs joined, without the
 * phonetic guides (`<rPh>`) that Japanese and Chinese Excel add for sorting.
 */
export function itemText(content: string | undefined): string {
  if (content === undefined) return '';
  const body = content.includes('rPh') ? content.replace(PHONETIC, '') : content;
  let text = '';
  T.lastIndex = 0;
  for (let m = T.exec(body); m !== null; m = T.exec(body)) text += m[3] === undefined ? '' : unescapeXml(m[3]);
  return text;
}
