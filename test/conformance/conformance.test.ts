/**
 * The conformance corpus, the executable specification of KPL: every case on every path
 * (harness/paths.ts) must give the case's expected output bytes, diagnostics and exit status.
 */
import { describe, expect, it } from 'vitest';
import { caseFiles, difference, expectedOf, loadCase } from './harness/corpus.ts';
import { PATHS } from './harness/paths.ts';

const cases = caseFiles().map(loadCase);

describe.each(cases)('$id', (c) => {
  const expected = expectedOf(c.case);
  it.each(Object.keys(PATHS))('%s', (name) => {
    expect(difference(expected, PATHS[name]!(c.case))).toBe('');
  });
});
