/**
 * Signed plans (README 5): `kpl compile --sign KEY.pem` writes PLAN.json.sig beside the plan;
 * `kpl eval --verify PUB.pem` runs the plan only when that signature proves it signed with the
 * key, else KPL5025 and exit 2 with nothing run.
 */
import { describe, it, expect, afterEach, vi } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { runCli } from '../../helpers/run-cli.ts';

afterEach(() => vi.restoreAllMocks());

const CM = 'policies/customer-manager.kpl';
const DATA = 'employees=policies/data/customer-manager/employees.csv';

function keys(dir: string, name: string, type: 'ed25519' | 'ec' = 'ed25519') {
  const pair = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const priv = join(dir, `${name}.pem`);
  const pub = join(dir, `${name}.pub.pem`);
  writeFileSync(priv, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  return { priv, pub };
}

describe('signed plans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpl-sign-'));
  const approver = keys(dir, 'approver');
  const other = keys(dir, 'other');
  const plan = join(dir, 'cm.plan.json');

  it('compile --sign writes PLAN.json.sig; eval --verify runs it, with the same results', () => {
    expect(runCli('compile', CM, '--out', plan, '--sign', approver.priv).code).toBe(0);
    const sig = JSON.parse(readFileSync(`${plan}.sig`, 'utf8'));
    expect(sig).toMatchObject({ kind: 'kpl-plan-signature', algorithm: 'ed25519', planHash: JSON.parse(readFileSync(plan, 'utf8')).hash });
    const verified = runCli('eval', plan, '--data', DATA, '--verify', approver.pub, '--format', 'csv');
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toBe(runCli('eval', CM, '--data', DATA, '--format', 'csv').out);
    expect(runCli('explain', plan, '--data', DATA, 'E0001', '--verify', approver.pub).code).toBe(0);
  });

  it.each<[string, () => void, string]>([
    ['another key', () => {}, 'another key'],
    ['a plan edited after signing (re-indented)', () => writeFileSync(plan, JSON.stringify(JSON.parse(readFileSync(plan, 'utf8')))), 'changed after it was signed'],
    ['a signature edited', () => {
      const s = JSON.parse(readFileSync(`${plan}.sig`, 'utf8'));
      s.signature = Buffer.from(Buffer.from(s.signature, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64');
      writeFileSync(`${plan}.sig`, JSON.stringify(s));
    }, 'changed after it was signed'],
    ['no signature file', () => rmSync(`${plan}.sig`), 'no signature file'],
    ['a signature file that is not one', () => writeFileSync(`${plan}.sig`, 'garbage'), 'not an Ed25519 plan signature'],
  ])('refused: %s (KPL5025, exit 2, nothing run)', (what, tamper, reason) => {
    expect(runCli('compile', CM, '--out', plan, '--sign', approver.priv).code).toBe(0);
    tamper();
    const key = what === 'another key' ? other.pub : approver.pub;
    for (const engine of ['fast', 'exact']) {
      const r = runCli('eval', plan, '--data', DATA, '--verify', key, '--engine', engine);
      expect(r.code).toBe(2);
      expect(r.err).toContain('KPL5025');
      expect(r.err).toContain(reason);
      expect(r.out).toBe('');
    }
    // The reason in Chinese too: no English word in it.
    const zh = /无法证明 .* 签名：(.*)$/m.exec(runCli('eval', plan, '--data', DATA, '--verify', key, '--lang', 'zh').err)?.[1];
    expect(zh).toBeDefined();
    expect(zh).not.toMatch(/[a-z]{3,}/);
  });

  it('a plan read from standard input is verified with --signature FILE.sig (which any plan may name)', () => {
    expect(runCli('compile', CM, '--out', plan, '--sign', approver.priv).code).toBe(0);
    // The built command (the test setup builds it), for a real standard input.
    const kpl = (input: string, ...args: string[]) => spawnSync(process.execPath, [join(process.cwd(), 'bin', 'kpl.mjs'), ...args], { input, encoding: 'utf8' });
    const text = readFileSync(plan, 'utf8');
    const ok = kpl(text, 'eval', '-', '--data', DATA, '--verify', approver.pub, '--signature', `${plan}.sig`, '--format', 'csv');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(runCli('eval', CM, '--data', DATA, '--format', 'csv').out);
    // Without --signature there is nothing beside standard input to verify with.
    const none = kpl(text, 'eval', '-', '--data', DATA, '--verify', approver.pub);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('KPL5025');
    expect(none.stderr).toContain('needs `--signature FILE.sig`');
    expect(none.stdout).toBe('');
    // Another plan on standard input, or another key: refused.
    const edited = kpl(text.replace('\n', '\n '), 'eval', '-', '--data', DATA, '--verify', approver.pub, '--signature', `${plan}.sig`);
    expect([edited.status, /changed after it was signed/.test(edited.stderr)]).toEqual([2, true]);
    const otherKey = kpl(text, 'eval', '-', '--data', DATA, '--verify', other.pub, '--signature', `${plan}.sig`, '--lang', 'zh');
    expect([otherKey.status, otherKey.stderr.includes('它是用另一把密钥签名的')]).toEqual([2, true]);
    // A signature file kept elsewhere, for a plan file.
    const elsewhere = join(dir, 'approved-signature.json');
    writeFileSync(elsewhere, readFileSync(`${plan}.sig`));
    rmSync(`${plan}.sig`);
    expect(runCli('eval', plan, '--data', DATA, '--verify', approver.pub, '--signature', elsewhere).code).toBe(0);
    const missing = runCli('eval', plan, '--data', DATA, '--verify', approver.pub, '--signature', join(dir, 'nope.sig'));
    expect([missing.code, missing.err.includes('named by `--signature` does not exist')]).toEqual([2, true]);
    // --signature alone means nothing; --out naming the signature file is refused.
    expect(runCli('eval', plan, '--data', DATA, '--signature', elsewhere).code).toBe(64);
    const over = runCli('eval', plan, '--data', DATA, '--verify', approver.pub, '--signature', elsewhere, '--out', elsewhere);
    expect(over.err).toContain('KPL5005');
    expect(readFileSync(elsewhere, 'utf8')).toContain('kpl-plan-signature');
  });

  it('a policy (not a plan) cannot be verified', () => {
    const r = runCli('eval', CM, '--data', DATA, '--verify', approver.pub);
    expect(r.code).toBe(2);
    expect(r.err).toContain('only a compiled plan');
  });

  it('keys that are not Ed25519 PEM, and --sign without --out, are usage errors', () => {
    const ec = keys(dir, 'ec', 'ec');
    writeFileSync(join(dir, 'junk.pem'), 'not a key');
    expect(runCli('compile', CM, '--out', join(dir, 'x.json'), '--sign', ec.priv).err).toContain('not Ed25519');
    expect(runCli('compile', CM, '--out', join(dir, 'x.json'), '--sign', join(dir, 'junk.pem')).code).toBe(64);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    expect(runCli('compile', CM, '--sign', approver.priv).code).toBe(64);
    expect(runCli('compile', CM, '--out', plan, '--sign', approver.priv).code).toBe(0);
    expect(runCli('eval', plan, '--data', DATA, '--verify', approver.priv).code).toBe(0); // a private key holds its public half
    expect(runCli('eval', plan, '--data', DATA, '--verify', join(dir, 'junk.pem')).code).toBe(64);
  });
});
