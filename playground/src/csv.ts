/** A small CSV reader/writer for the playground's own needs (previews, generated data). */
export function parseCsv(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return splitRows(text, ',', false);
}

/**
 * Rows of delimited text, `""` inside quotes being one quote; blank lines dropped. A quote opens a
 * quoted stretch anywhere in a field, or only at its start when `quoteAtStartOnly` (Excel's
 * tab-separated copies, where a quote inside a cell is plain text).
 */
function splitRows(text: string, sep: string, quoteAtStartOnly: boolean): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && (!quoteAtStartOnly || cur === '')) quoted = true;
    else if (ch === sep) {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length) {
    row.push(cur);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function field(s: string): string {
  return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsvText(rows: string[][]): string {
  return rows.map((r) => r.map(field).join(',')).join('\n') + '\n';
}

/**
 * Scales a data set up to `n` people by copying the population rows (copy k > 0 gets the key
 * `<key>~k`) together with their related rows; lookup tables are kept as they are.
 */
export function scaleData(
  tables: { name: string; role: 'population' | 'related' | 'lookup'; key?: string; by?: string; text: string }[],
  n: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  const pop = tables.find((t) => t.role === 'population');
  if (!pop || !pop.key) throw new Error('no population table with a key');
  const prow = parseCsv(pop.text);
  const header = prow[0]!;
  const body = prow.slice(1);
  const ki = header.indexOf(pop.key);
  if (ki < 0 || body.length === 0) throw new Error('population has no key column or no rows');
  const rows: string[][] = [header];
  const copyOf = new Map<string, string[]>();
  for (let i = 0; i < n; i++) {
    const r = [...body[i % body.length]!];
    const copy = Math.floor(i / body.length);
    const orig = r[ki]!;
    if (copy > 0) r[ki] = `${orig}~${copy}`;
    rows.push(r);
    const list = copyOf.get(orig) ?? [];
    list.push(r[ki]!);
    copyOf.set(orig, list);
  }
  out[pop.name] = writeCsvText(rows);
  for (const t of tables) {
    if (t === pop) continue;
    if (t.role !== 'related' || !t.by) {
      out[t.name] = t.text;
      continue;
    }
    const trows = parseCsv(t.text);
    const th = trows[0]!;
    const bi = th.indexOf(t.by);
    const res: string[][] = [th];
    for (const r of trows.slice(1)) for (const k of copyOf.get(r[bi]!) ?? []) res.push(r.map((v, j) => (j === bi ? k : v)));
    out[t.name] = writeCsvText(res);
  }
  return out;
}

/**
 * Cells copied from Excel or WPS arrive tab-separated (a cell with a tab, newline or quote is
 * quoted). Text whose first line has tabs and no commas is read so and written as CSV; any other
 * text is returned as it is.
 */
export function fromPasted(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (!first.includes('\t') || first.includes(',')) return text;
  return writeCsvText(splitRows(text, '\t', true));
}
