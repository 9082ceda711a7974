/**
 * `kpl reproduce RUN.json [--out FILE]`: runs a recorded `kpl eval` again (README 5) and confirms
 * that it gives the same output, byte for byte. Every input is first checked against the record:
 * a file whose SHA-256 changed is KPL5023, a policy that compiles to another plan is KPL5023 too;
 * an output, an engine or row counts that differ are KPL5024. Data that came from standard input is in the record and is
 * used from there. Exit status 0 when the output is identical, 1 when it differs or an input
 * changed, 2 when the record cannot be read.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import type { Args } from '../args.ts';
import { langOf, oneOf, parseArgs } from '../args.ts';
import { EXIT, printDiagnostics } from '../report.ts';
import { UsageError } from '../usage-error.ts';
import { readText } from '../io.ts';
import { outFile } from '../result-target.ts';
import { guardOut, writeResult } from '../output.ts';
import { COMMANDS } from './spec.ts';
import { evalCommand } from './eval.ts';
import { RECORD_KIND, RECORD_VERSION, sha256, type RunRecord } from '../run-record.ts';
import { diag, phrase, type Diagnostic } from '../../node.ts';

const File = { path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), base64: z.string().optional() };
const Rows = z.object({ in: z.number().int().nonnegative(), out: z.number().int().nonnegative(), reported: z.number().int().nonnegative() });
const Run = z.object({ engine: z.enum(['fast', 'exact']), data: z.enum(['columns', 'src/data']), handedOver: z.string().optional(), rows: Rows });
const Record = z.object({
  kind: z.literal(RECORD_KIND),
  // Version 1 records (before the engine and row counts were recorded) are still reproduced.
  recordVersion: z.union([z.literal(1), z.literal(RECORD_VERSION)]),
  kpl: z.string(),
  compiler: z.string(),
  recordedAt: z.string(),
  policy: z.object({ ...File, planHash: z.string(), imports: z.array(z.object({ path: z.string(), sha256: z.string() })) }),
  data: z.array(z.object({ ...File, table: z.string(), format: z.enum(['csv', 'json', 'xlsx']), sheet: z.string().optional(), encoding: z.string().optional() })),
  options: z.object({ engine: z.enum(['fast', 'exact']), format: z.enum(['csv', 'json', 'table', 'xlsx']), bom: z.boolean(), lang: z.enum(['en', 'zh']) }),
  run: Run.nullable().optional(),
  output: z.object({ path: z.string().nullable(), sha256: z.string(), size: z.number() }),
  exit: z.number().int(),
});

const EXTENSION = { csv: '.csv', json: '.json', table: '.txt', xlsx: '.xlsx' } as const;

export function reproduceCommand(args: Args): number {
  const [file, extra] = args.positionals;
  if (!file || extra) throw new UsageError('kpl reproduce RUN.json [--out FILE]');
  const lang = langOf(args);
  const keep = outFile(args);
  const record = readRecord(file);
  if ('diagnostics' in record) {
    printDiagnostics(record.diagnostics, new Map(), 'text', lang);
    return EXIT.policyErrors;
  }
  if (keep) guardOut(keep, [{ path: file, what: 'the run record' }, { path: record.policy.path, what: 'the policy' }, ...record.data.map((d) => ({ path: d.path, what: 'a data file' }))]);

  const dir = mkdtempSync(join(tmpdir(), 'kpl-reproduce-'));
  try {
    // The inputs as recorded: files unchanged since, or the bytes the record holds.
    const changed: Diagnostic[] = [];
    const input = (f: { path: string; sha256: string; base64?: string }, name: string, what: string): string => {
      if (f.base64 !== undefined) {
        const bytes = Buffer.from(f.base64, 'base64');
        if (sha256(bytes) !== f.sha256) changed.push(diag('KPL5023', { file: f.path, what, reason: 'the bytes kept in the record do not match their SHA-256' }));
        const path = join(dir, name);
        writeFileSync(path, bytes);
        return path;
      }
      if (!existsSync(f.path)) changed.push(diag('KPL5023', { file: f.path, what, reason: 'it no longer exists' }));
      else if (sha256(readFileSync(f.path)) !== f.sha256) changed.push(diag('KPL5023', { file: f.path, what, reason: 'its SHA-256 is not the recorded one' }));
      return f.path;
    };
    const plan = record.policy.base64 !== undefined && Buffer.from(record.policy.base64, 'base64').toString('utf8').trimStart().startsWith('{');
    const policy = input(record.policy, plan ? 'policy.json' : 'policy.kpl', 'the policy');
    for (const i of record.policy.imports) {
      const text = existsSync(i.path) ? readText(i.path) : undefined;
      if (text === undefined || sha256(text) !== i.sha256) changed.push(diag('KPL5023', { file: i.path, what: 'a file the policy imports', reason: text === undefined ? 'it no longer exists' : 'its SHA-256 is not the recorded one' }));
    }
    const data = record.data.map((d, i) => ({ ...d, path: input(d, `${i}-data.${d.format}`, 'a data file') }));
    if (changed.length) {
      printDiagnostics(changed, new Map(), 'text', lang);
      return EXIT.rowErrors;
    }

    // The same run again, itself recorded, its output into the temporary folder.
    const out = join(dir, `output${EXTENSION[record.options.format]}`);
    const rerun = join(dir, 'rerun.json');
    const argv = [
      policy,
      ...data.flatMap((d) => ['--data', `${d.table}=${d.path}${d.sheet !== undefined ? `#${d.sheet}` : ''}`]),
      ...(data.find((d) => d.encoding !== undefined) ? ['--encoding', data.find((d) => d.encoding !== undefined)!.encoding!] : []),
      '--engine', record.options.engine,
      ...(record.options.format !== 'xlsx' ? ['--format', record.options.format] : []),
      ...(record.options.bom ? ['--bom'] : []),
      '--lang', record.options.lang,
      '--out', out,
      '--record', rerun,
    ];
    const exit = evalCommand(parseArgs(argv, COMMANDS['eval']!.options));
    const again = existsSync(rerun) ? (JSON.parse(readFileSync(rerun, 'utf8')) as RunRecord) : undefined;
    const problems: Diagnostic[] = [];
    if (!again) problems.push(diag('KPL5024', { what: phrase('runExit'), recorded: String(record.exit), now: String(exit) }));
    else {
      if (again.policy.planHash !== record.policy.planHash) problems.push(diag('KPL5024', { what: phrase('runPlanHash'), recorded: record.policy.planHash, now: again.policy.planHash }));
      if (again.output.sha256 !== record.output.sha256) problems.push(diag('KPL5024', { what: phrase('runOutput'), recorded: phrase('shaOf', { sha: record.output.sha256 }), now: phrase('shaOf', { sha: again.output.sha256 }) }));
      // Records of version 1 have no engine or row counts to compare.
      if (record.run !== undefined) {
        const was = record.run;
        const now = again.run;
        const engine = (r: RunRecord['run']) => (r ? phrase('engineRead', { engine: r.engine, data: r.data }) : phrase('nothingEvaluated'));
        const rows = (r: RunRecord['run']) => (r ? phrase('rowsInOut', { in: r.rows.in, out: r.rows.out, reported: r.rows.reported }) : phrase('nothingEvaluated'));
        if (was?.engine !== now?.engine || was?.data !== now?.data) problems.push(diag('KPL5024', { what: phrase('runEngine'), recorded: engine(was), now: engine(now) }));
        if (JSON.stringify(was?.rows) !== JSON.stringify(now?.rows)) problems.push(diag('KPL5024', { what: phrase('runRows'), recorded: rows(was), now: rows(now) }));
      }
      if (exit !== record.exit) problems.push(diag('KPL5024', { what: phrase('runExit'), recorded: String(record.exit), now: String(exit) }));
    }
    if (keep && existsSync(out)) writeResult(keep, readFileSync(out));
    if (problems.length) {
      printDiagnostics(problems, new Map(), 'text', lang);
      return EXIT.rowErrors;
    }
    process.stderr.write(`${file}: reproduced — the output is identical (SHA-256 ${record.output.sha256}, ${record.output.size} bytes), plan ${record.policy.planHash.slice(0, 12)}…, exit status ${exit}\n`);
    return EXIT.ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The record, or why it cannot be used (KPL5022). */
function readRecord(file: string): z.infer<typeof Record> | { diagnostics: Diagnostic[] } {
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch {
    return { diagnostics: [diag('KPL5022', { file, detail: 'it is not JSON' })] };
  }
  const r = Record.safeParse(json);
  if (r.success) return r.data;
  const at = r.error.issues[0]?.path.join('.');
  return { diagnostics: [diag('KPL5022', { file, detail: 'its fields are not those of a run record of this KPL' }, undefined, at ? { help: phrase('firstAt', { path: at }) } : {})] };
}
