/**
 * The conformance case file (`*.kplcase`): a plain-text archive in the txtar layout — free text
 * first (its first line is the case's title), then files, each introduced by a line `-- NAME --`.
 *
 *   policy.kpl          the policy (other `*.kpl` files are there to be imported)
 *   TABLE.csv / .json   one data file per input table, named after the table
 *   expected.csv        the exact bytes `kpl eval --format csv` writes (absent: the policy has errors)
 *   diagnostics         every diagnostic, one per line: `SEVERITY CODE [FILE:LINE:COL]` (absent: none)
 *
 * Hand-written, reviewed in pull requests; see test/conformance/README.md.
 */

export interface CaseFile {
  /** Free text before the first file (the first line is the title). */
  readonly comment: string;
  readonly files: ReadonlyMap<string, string>;
}

const MARKER = /^-- (.+?) --$/;

export function parseCase(text: string): CaseFile {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const files = new Map<string, string>();
  const comment: string[] = [];
  let name: string | undefined;
  let body: string[] = [];
  const flush = (): void => {
    if (name === undefined) return;
    if (files.has(name)) throw new Error(`file \`${name}\` appears twice`);
    files.set(name, body.join('\n'));
  };
  for (const line of lines) {
    const m = MARKER.exec(line);
    if (m) {
      flush();
      name = m[1]!.trim();
      body = [];
    } else if (name === undefined) comment.push(line);
    else body.push(line);
  }
  flush();
  // Every file ends with a line feed, as written on disk (the archive's last one is the file's).
  for (const [n, t] of files) files.set(n, t === '' ? '' : t.endsWith('\n') ? t : t + '\n');
  return { comment: comment.join('\n').replace(/\n+$/, ''), files };
}

export function printCase(c: CaseFile): string {
  let out = c.comment ? c.comment + '\n' : '';
  for (const [name, text] of c.files) out += `-- ${name} --\n${text}${text === '' || text.endsWith('\n') ? '' : '\n'}`;
  return out;
}

export function titleOf(c: CaseFile): string {
  return c.comment.split('\n').find((l) => l.trim() !== '')?.replace(/^#\s*/, '').trim() ?? '';
}

/** A data file of the case: `TABLE.csv` or `TABLE.json`. */
export function dataFilesOf(c: CaseFile): { table: string; name: string; text: string }[] {
  const out: { table: string; name: string; text: string }[] = [];
  for (const [name, text] of c.files) {
    const m = /^(.+)\.(csv|json)$/.exec(name);
    if (m && name !== 'expected.csv') out.push({ table: m[1]!, name, text });
  }
  return out;
}
