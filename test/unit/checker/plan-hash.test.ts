/**
 * The plan's hash is computed when first read (withLazyHash) and with Node's sha256: it must be the
 * value, key position and JSON an eager pure-JS hash gave.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { compile } from '../../../src/compile.ts';
import { sha256Hex } from '../../../src/checker/plan-hash.ts';

const eager = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

describe('plan hash', () => {
  const plan = compile('cm.kpl', readFileSync('policies/customer-manager.kpl', 'utf8')).plan!;

  it('is sha256 of the plan without hash and sources, in the same key position', () => {
    const { hash, ...rest } = { ...plan };
    expect(hash).toBe(eager(JSON.stringify({ ...rest, sources: undefined })));
    expect(Object.keys(plan).slice(0, 4)).toEqual(['planVersion', 'compiler', 'policy', 'hash']);
    expect(JSON.parse(JSON.stringify(plan))).toEqual({ ...plan });
  });

  it('can be replaced like a plain field', () => {
    const p = compile('cm.kpl', readFileSync('policies/customer-manager.kpl', 'utf8')).plan!;
    p.hash = 'x';
    expect(p.hash).toBe('x');
  });

  it('encodes text as the pure-JS hash does, lone surrogates included', () => {
    for (const s of ['', '指标 ％ “x”', 'a\ud800b', '\udc00', 'x\ud83d\ude00y']) expect(sha256Hex(s)).toBe(eager(s));
  });
});
