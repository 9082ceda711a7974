/**
 * Building DOM without HTML strings: every string child becomes a text node and attributes are set
 * one by one, so a name or a message from a policy or a data file is always shown as text.
 * (The playground never assigns innerHTML.)
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (e: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined | Record<string, string>>;

function append(el: Element, c: Child): void {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) c.forEach((x) => append(el, x));
  else if (c instanceof Node) el.appendChild(c);
  else el.appendChild(document.createTextNode(String(c)));
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v as Handler);
    else if (k === 'dataset' && typeof v === 'object') for (const [dk, dv] of Object.entries(v)) (el as HTMLElement).dataset[dk] = dv;
    else if (k === 'style' && typeof v === 'object') for (const [sk, sv] of Object.entries(v)) (el as HTMLElement).style.setProperty(sk, sv);
    else if (typeof v === 'boolean') el.setAttribute(k, '');
    else if (typeof v !== 'function' && typeof v !== 'object') el.setAttribute(k, String(v));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  children.forEach((c) => append(el, c));
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  children.forEach((c) => append(el, c));
  return el;
}

/** Replaces the children of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  children.forEach((c) => append(el, c));
}

export function debounce<A extends unknown[]>(ms: number, f: (...a: A) => void): (...a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => {
    if (t) clearTimeout(t);
    t = setTimeout(() => f(...a), ms);
  };
}
