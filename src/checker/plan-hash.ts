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
