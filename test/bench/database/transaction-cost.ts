// Measures what a tenant transaction costs beyond its statement: the same prepared UPDATE runs
// once per withTenant transaction, then many times in one transaction. Prints wall time and CPU
// per statement for this process and for its PostgreSQL backend. The difference is what a flow
// would save per transaction by writing its progress in fewer transactions. It asserts nothing,
// because timings depend on the machine. The UPDATE matches no row, so its commit writes no WAL:
// a real progress commit costs a WAL flush on top of these figures.
// Run with `npx tsx test/bench/database/transaction-cost.ts [statements]`.
import './env.ts';
import { closeDatabases } from '../../../services/core/database.ts';
import { queryPrepared } from '../../../services/core/prepared.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { createTenant } from '../../support/factories.ts';
import { processCpuMs } from '../flows/cpu-cost.ts';

const STATEMENTS = Number(process.argv[2] ?? '8000');
const UPDATE = 'UPDATE workflow_runs SET state = state WHERE id = $1::uuid';
const NO_RUN = '00000000-0000-0000-0000-000000000000';

// Returns the CPU time, in ms, that the PostgreSQL backend with this pid has used so far.
async function backendCpuMs(pid: number): Promise<number> {
  const ms = await processCpuMs(pid);
  if (ms === undefined) throw new Error(`PostgreSQL backend ${pid} is not running on this machine, so its CPU time cannot be read. Run this benchmark on the database server's machine.`);
  return ms;
}

async function backendPid(scope: TenantScope): Promise<number> {
  const [row] = await withTenant(scope, (transaction) => queryPrepared<{ pid: number }>(transaction, 'SELECT pg_backend_pid() AS pid', []));
  return row!.pid;
}

async function measure(label: string, scope: TenantScope, work: () => Promise<void>): Promise<void> {
  const pid = await backendPid(scope);
  const backendBefore = await backendCpuMs(pid);
  const cpuBefore = process.cpuUsage();
  const started = Date.now();

  await work();

  const wallMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const backendMs = (await backendCpuMs(pid)) - backendBefore;
  const perStatement = (ms: number) => ((ms * 1000) / STATEMENTS).toFixed(0);
  console.log(`${label}: ${perStatement(wallMs)} us wall, ${perStatement((cpu.user + cpu.system) / 1000)} us CPU here, ` +
    `${perStatement(backendMs)} us CPU in the PostgreSQL backend, per statement`);
}

async function main(): Promise<void> {
  const tenant = await createTenant({ region: 'eu' });
  const scope: TenantScope = { tenantId: tenant.id, region: 'eu' };
  const oneEach = async () => {
    for (let i = 0; i < STATEMENTS; i += 1) await withTenant(scope, (transaction) => queryPrepared(transaction, UPDATE, [NO_RUN]));
  };

  console.log(`transaction cost: ${STATEMENTS} statements per case, one pool connection`);
  // The first pass warms the JIT and the connection's prepared statement.
  await measure('  warm-up, a transaction each', scope, oneEach);
  await measure('  a transaction each', scope, oneEach);
  await measure('  all in one transaction', scope, () => withTenant(scope, async (transaction) => {
    for (let i = 0; i < STATEMENTS; i += 1) await queryPrepared(transaction, UPDATE, [NO_RUN]);
  }));
  await closeDatabases();
}

await main();
