/**
 * The conformance corpus, the executable specification of KPL: every case on every path
 * (harness/paths.ts) must give the case's expected output bytes, diagnostics and exit status,
 * and `kpl test` must pass on the case written as a test file.
 */
import { describe, expect, it } from 'vitest';
import { caseFiles, difference, expectedOf, knownDivergences, loadCase } from './harness/corpus.ts';
import { applies, kplTestCheck, PATHS } from './harness/paths.ts';

const cases = caseFiles().map(loadCase);

describe.each(cases)('$id', (c) => {
  const expected = expectedOf(c.case);
  const known = knownDivergences(c.case);
  // A path the case records as a known divergence must still diverge (see harness/corpus.ts).
  const test = (name: string) => (known.has(name) ? it.fails : it);
  for (const name of Object.keys(PATHS).filter((p) => applies(p, c.case))) {
    test(name)(name, () => {
      expect(difference(expected, PATHS[name]!(c.case))).toBe('');
    });
  }
  test('kpl test')('kpl test', () => {
    const r = kplTestCheck(c.case, expected.diagnostics);
    expect('report' in r ? r.report : '').toBe('');
  });
});

it('the corpus has cases', () => {
  expect(cases.length).toBeGreaterThan(400);
});
