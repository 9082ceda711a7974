/**
 * Signed plans (README 5, `kpl compile --sign`, `kpl eval --verify`): an approved plan is signed
 * with the approver's Ed25519 private key, and a run can prove that the plan it evaluated is the
 * one approved. The signature is of the plan file's exact bytes (UTF-8 JSON, as `kpl compile`
 * wrote it) and is kept beside it, in `PLAN.json.sig` (or in the file `--signature` names — the
 * only way for a plan read from standard input, which has no file to be beside):
 *
 *   { "kind": "kpl-plan-signature", "algorithm": "ed25519", "planHash": "…",
 *     "publicKey": "<SPKI, Base64>", "signature": "<Base64>" }
 *
 * Keys are PEM files (`openssl genpkey -algorithm ed25519 -out key.pem`, public half with
 * `openssl pkey -in key.pem -pubout -out pub.pem`); Node's `crypto` signs and verifies.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './usage-error.ts';
import { diag, type Diagnostic } from '../node.ts';

export const SIGNATURE_KIND = 'kpl-plan-signature';

/** Where the signature of a plan file is kept. */
export const signaturePath = (plan: string): string => `${plan}.sig`;

function readKey(file: string, option: string, kind: 'private' | 'public'): KeyObject {
  if (!existsSync(file)) throw new UsageError(`${option} ${file}: no such file`);
  let key: KeyObject;
  try {
    const pem = readFileSync(file);
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new UsageError(`${option} ${file}: not an Ed25519 ${kind} key in PEM (make one with \`openssl genpkey -algorithm ed25519\`)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${option} ${file}: the key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  return key;
}

/** The private key of `--sign`, checked before anything is compiled. */
export function signingKey(file: string): KeyObject {
  return readKey(file, '--sign', 'private');
}

/** The signature file's text for a plan's exact text. */
export function signPlan(planText: string, planHash: string, key: KeyObject): string {
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  const signature = sign(null, Buffer.from(planText, 'utf8'), key).toString('base64');
  return JSON.stringify({ kind: SIGNATURE_KIND, algorithm: 'ed25519', planHash, publicKey, signature }, null, 2) + '\n';
}

/**
 * Why the plan text read from `planFile` is not proved signed by the public key in `keyFile`
 * (KPL5025), or nothing when it is. The signature is in `sigFile` (`--signature`), else beside
 * the plan; a plan from standard input (`fromStdin`) has nothing beside it.
 */
export function verifyPlanSignature(planFile: string, planText: string, keyFile: string, sigFile: string | undefined, fromStdin: boolean): Diagnostic[] {
  const key = readKey(keyFile, '--verify', 'public');
  const refuse = (reason: string): Diagnostic[] => [diag('KPL5025', { file: planFile, key: keyFile, reason })];
  if (sigFile === undefined && fromStdin) return refuse('a plan read from standard input needs `--signature FILE.sig`, the file of its signature');
  if (sigFile !== undefined && !existsSync(sigFile)) return refuse('the signature file named by `--signature` does not exist');
  sigFile ??= signaturePath(planFile);
  if (!existsSync(sigFile)) return refuse('there is no signature file beside it');
  let sig: unknown;
  try {
    sig = JSON.parse(readFileSync(sigFile, 'utf8'));
  } catch {
    return refuse('the signature file is not an Ed25519 plan signature');
  }
  const s = sig as Record<string, unknown>;
  if (typeof sig !== 'object' || sig === null || s['kind'] !== SIGNATURE_KIND || s['algorithm'] !== 'ed25519' || typeof s['signature'] !== 'string') return refuse('the signature file is not an Ed25519 plan signature');
  const bytes = Buffer.from(s['signature'], 'base64');
  let ok = false;
  try {
    ok = bytes.length === 64 && verify(null, Buffer.from(planText, 'utf8'), key, bytes);
  } catch {
    ok = false;
  }
  if (ok) return [];
  const signer = typeof s['publicKey'] === 'string' ? s['publicKey'] : '';
  const ours = key.export({ type: 'spki', format: 'der' }).toString('base64');
  return refuse(signer && signer !== ours ? 'it was signed with another key' : 'the plan was changed after it was signed (or the signature was)');
}
