/**
 * A JSON parser for data files that keeps every number's source text (`12345678901234567890.01`
 * is read exactly, not through a double) and gives objects as Maps (a `__proto__` key is a key).
 * Iterative: nesting depth cannot overflow the stack. Follows RFC 8259; a later duplicate key wins,
 * as with JSON.parse.
 */
export type JsonValue = null | boolean | string | { readonly num: string } | JsonValue[] | Map<string, JsonValue>;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

export function parseJson(text: string): JsonValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(i >= text.length ? `unexpected end of the file, expected ${what}` : `unexpected ${JSON.stringify(text[i])} at position ${i}, expected ${what}`, i);
  };
  const ws = (): void => {
    WS.lastIndex = i;
    WS.exec(text);
    i = WS.lastIndex;
  };
  const str = (): string => {
    // at '"'
    let out = '';
    i++;
    let start = i;
    for (;;) {
      if (i >= text.length) fail('`"`');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && Object.hasOwn(simple, e)) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          i++;
          fail('an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)');
        }
        start = i;
        continue;
      }
      if (c < 0x20) fail('`"` (a control character must be escaped)');
      i++;
    }
  };
  // A stack of containers being filled; `key` is the pending key of an object.
  type Frame = { c: JsonValue[]; key?: undefined } | { c: Map<string, JsonValue>; key: string | undefined };
  const stack: Frame[] = [];
  let result: JsonValue | undefined;
  let done = false;
  const put = (v: JsonValue): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      result = v;
      done = true;
    } else if (Array.isArray(top.c)) top.c.push(v);
    else {
      top.c.set(top.key!, v);
      top.key = undefined;
    }
  };
  ws();
  for (;;) {
    // Expecting a value.
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      const frame: Frame = { c: new Map(), key: undefined };
      if (text[i] === '}') {
        i++;
        put(frame.c);
      } else {
        if (text[i] !== '"') fail('a key in `"`');
        frame.key = str();
        ws();
        if (text[i] !== ':') fail('`:`');
        i++;
        stack.push(frame);
        continue;
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        put([]);
      } else {
        stack.push({ c: [] });
        continue;
      }
    } else if (ch === '"') put(str());
    else if (text.startsWith('true', i)) (put(true), (i += 4));
    else if (text.startsWith('false', i)) (put(false), (i += 5));
    else if (text.startsWith('null', i)) (put(null), (i += 4));
    else {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m || m[0].length === 0) fail('a value');
      put({ num: m![0] });
      i += m![0].length;
    }
    // After a value: close containers or continue with `,`.
    for (;;) {
      if (done) {
        ws();
        if (i < text.length) fail('the end of the file');
        return result!;
      }
      ws();
      const top = stack[stack.length - 1]!;
      const isArray = Array.isArray(top.c);
      if (text[i] === ',') {
        i++;
        ws();
        if (!isArray) {
          if (text[i] !== '"') fail('a key in `"`');
          (top as { key: string | undefined }).key = str();
          ws();
          if (text[i] !== ':') fail('`:`');
          i++;
        }
        break;
      }
      if (text[i] === (isArray ? ']' : '}')) {
        i++;
        stack.pop();
        put(top.c);
        continue;
      }
      fail(isArray ? '`,` or `]`' : '`,` or `}`');
    }
  }
}
