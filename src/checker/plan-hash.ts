/**
 * sha256 (hex) of a text's UTF-8 bytes. Node's native hash where there is one — a large plan's
 * JSON is megabytes, ~10× faster than pure JS — and the pure-JS hash in the browser. Both encode
 * lone surrogates as U+FFFD, so the value is the same either way.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

type NodeCrypto = typeof import('node:crypto');
// getBuiltinModule, not an import: the playground bundles this file for the browser.
const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
const nodeCrypto = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

export function sha256Hex(text: string): string {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * `plan` with its `hash` (of the plan's JSON without `hash` and `sources`) computed when first
 * read. Serialising a large plan costs as much as checking a good part of it, and compiling on
 * every edit (playground, re-evaluation) seldom reads the hash. The property keeps its place in
 * the key order, so the plan's JSON and spreads are those of an eagerly hashed plan.
 */
export function withLazyHash<P extends { hash: string }>(plan: P): P {
  const content = { ...plan, hash: undefined, sources: undefined };
  let hash: string | undefined;
  return Object.defineProperty({ ...plan }, 'hash', {
    enumerable: true,
    configurable: true,
    get: () => (hash ??= sha256Hex(JSON.stringify(content))),
    set: (v: string) => void (hash = v),
  });
}

/**
 * Whether a plan read from a file still has the hash `kpl compile` wrote: the sha256 of its JSON
 * without `hash` and `sources`, in the file's key order (the order `kpl compile` wrote). A plan
 * edited after it was compiled (weights, bands, rules) no longer matches and is refused.
 */
export function planHashMatches(plan: { readonly hash: string }): boolean {
  return sha256Hex(JSON.stringify({ ...plan, hash: undefined, sources: undefined })) === plan.hash;
}
