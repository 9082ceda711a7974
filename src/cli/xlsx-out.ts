/** `--out RESULTS.xlsx`: the results as an Excel workbook (src/data/write-xlsx.ts), chosen by the extension. */
import { writeResult } from './output.ts';
import { resultsXlsx, type Plan, type LoadedData, type Diagnostic, type Cell } from '../node.ts';

export function isXlsxOut(out: string | undefined): out is string {
  return out !== undefined && /\.xlsx$/i.test(out);
}

interface Results {
  readonly columns: string[];
  readonly people: readonly { readonly key: string; readonly line: number; readonly status: 'ok' | 'error' | 'not_assessed'; readonly cells: Cell[] }[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Writes the workbook of `result` to `out`; the population's file locates its rows' diagnostics. */
export function writeResultsXlsx(out: string, plan: Plan, data: LoadedData, result: Results): void {
  const pop = plan.inputs.find((t) => t.role === 'population');
  const file = (pop && data.tables[pop.name]?.file) ?? '';
  writeResult(out, resultsXlsx(plan, result.columns, result.people, result.diagnostics, file));
}
