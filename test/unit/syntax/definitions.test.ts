/**
 * The lexer and the parser skip Chevrotain's definition checks when they are built for use (they
 * cost start-up time on every command). Here they are built with the checks on: a grammar change
 * that makes a rule ambiguous, left-recursive or unreachable, or a token that can never match,
 * fails this test.
 */
import { describe, it, expect } from 'vitest';
import { makeLexer } from '../../../src/syntax/lexer.ts';
import { PolicyParser } from '../../../src/syntax/parser.ts';

describe('lexer and parser definitions', () => {
  it('pass Chevrotain’s lexer checks', () => {
    const lexer = makeLexer(true);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });

  it('pass Chevrotain’s grammar checks', () => {
    // performSelfAnalysis throws "Parser Definition Errors detected" when the checks are on.
    expect(() => new PolicyParser({ validate: true })).not.toThrow();
  });
});
