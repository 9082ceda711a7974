/**
 * Vitest global setup: a temporary PostgreSQL cluster for the tests of `--engine postgres` (the
 * `sql postgres` conformance path, test/sql), its address in KPL_TEST_POSTGRES, stopped after the
 * run. Installing or starting it failing fails the run (postgres-server.ts): never skipped.
 */
import { startPostgres } from './postgres-server.ts';

export default function setup(): () => void {
  if (process.env['KPL_TEST_POSTGRES']) return () => {};
  const server = startPostgres();
  process.env['KPL_TEST_POSTGRES'] = server.url;
  return () => server.stop();
}
