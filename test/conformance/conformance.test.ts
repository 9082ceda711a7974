/**
 * The conformance corpus, the executable specification of KPL: every case on every path
 * (harness/paths.ts) must give the case's expected output bytes, diagnostics and exit status,
 * and `kpl test` must pass on the case written as a test file.
 */
import { describe, expect, it } from 'vitest';
import { caseFiles, difference, expectedOf, loadCase } from './harness/corpus.ts';
import { applies, kplTestCheck, PATHS } from './harness/paths.ts';

const cases = caseFiles().map(loadCase);

describe.each(cases)('$id', (c) => {
  const expected = expectedOf(c.case);
  it.each(Object.keys(PATHS).filter((p) => applies(p, c.case)))('%s', (name) => {
    expect(difference(expected, PATHS[name]!(c.case))).toBe('');
  });
  it('kpl test', () => {
    const r = kplTestCheck(c.case, expected.diagnostics);
    expect('report' in r ? r.report : '').toBe('');
  });
});

it('the corpus has cases', () => {
  expect(cases.length).toBeGreaterThan(400);
});
