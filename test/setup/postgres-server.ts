/**
 * A temporary PostgreSQL cluster for the tests of `--engine postgres`: Debian's postgresql
 * (installed by scripts/ensure-postgres.sh when missing), a fresh data folder, a free port on
 * 127.0.0.1, trust authentication, stopped and removed afterwards. PostgreSQL refuses to run as
 * root: as root, the cluster runs as `nobody`. Failing to start throws — the tests that need the
 * server fail loudly, they are never skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  readonly url: string;
  stop(): void;
}

export function startPostgres(): PostgresServer {
  const bin = execFileSync('bash', [join(process.cwd(), 'scripts', 'ensure-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'kpl-pg-'));
  const data = join(dir, 'data');
  const user = root ? 'nobody' : (process.env['USER'] ?? 'postgres');
  if (root) {
    chmodSync(dir, 0o755);
    chownSync(dir, 65534, 65534);
  }
  // The server inherits pg_ctl's standard streams: they are not pipes, or this would wait for it to end.
  const as = (cmd: string, args: string[], quiet = false) => {
    const opts = { encoding: 'utf8' as const, cwd: dir, ...(quiet ? { stdio: 'ignore' as const } : {}) };
    return root ? spawnSync('runuser', ['-u', 'nobody', '--', cmd, ...args], opts) : spawnSync(cmd, args, opts);
  };
  const init = as(join(bin, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  // A port from the process id, the next ones when taken (pg_ctl start fails on a port in use).
  let port = 0;
  let start: ReturnType<typeof as> | undefined;
  for (let i = 0; i < 20 && start?.status !== 0; i++) {
    port = 20000 + ((process.pid * 7 + i * 131) % 40000);
    start = as(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  }
  if (start?.status !== 0) throw new Error(`pg_ctl start failed: ${readFileSync(join(dir, 'log'), 'utf8').slice(-2000)}`);
  return {
    url: `postgresql://${user}@127.0.0.1:${port}/postgres`,
    stop() {
      as(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
