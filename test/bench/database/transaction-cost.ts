// Measures what a tenant transaction costs beyond its statement: the same prepared UPDATE runs
// once per withTenant transaction, then many times in one transaction. Prints wall time and CPU
// per statement for this process and for its PostgreSQL backend. The difference is what a flow
// would save per transaction by writing its progress in fewer transactions. It asserts nothing,
// because timings depend on the machine. The UPDATE matches no row, so its commit writes no WAL:
// a real progress commit costs a WAL flush on top of these figures.
// Run with `npx tsx test/bench/database/transaction-cost.ts [statements]`.
import './env.ts';
import { readFileSync } from 'node:fs';
import { closeDatabases } from '../../../services/core/database.ts';
import { queryPrepared } from '../../../services/core/prepared.ts';
import { withTenant, type TenantScope } from '../../../services/core/tenancy.ts';
import { createTenant } from '../../support/factories.ts';

const STATEMENTS = Number(process.argv[2] ?? '8000');
const UPDATE = 'UPDATE workflow_runs SET state = state WHERE id = $1::uuid';
const NO_RUN = '00000000-0000-0000-0000-000000000000';
// /proc/<pid>/stat counts CPU time in clock ticks. sysconf(_SC_CLK_TCK) is 100 on mainstream
// Linux and on this machine, so a tick is 10 ms.
const TICK_MS = 10;

// CPU time, in milliseconds, that a process on this machine has used so far.
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')')[1]!.trim().split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

async function backendPid(scope: TenantScope): Promise<number> {
  const [row] = await withTenant(scope, (transaction) => queryPrepared<{ pid: number }>(transaction, 'SELECT pg_backend_pid() AS pid', []));
  return row!.pid;
}

async function measure(label: string, scope: TenantScope, work: () => Promise<void>): Promise<void> {
  const pid = await backendPid(scope);
  const backendBefore = processCpuMs(pid);
  const cpuBefore = process.cpuUsage();
  const started = Date.now();

  await work();

  const cpu = process.cpuUsage(cpuBefore);
  const perStatement = (ms: number) => ((ms * 1000) / STATEMENTS).toFixed(0);
  console.log(`${label}: ${perStatement(Date.now() - started)} us wall, ${perStatement((cpu.user + cpu.system) / 1000)} us CPU here, ` +
    `${perStatement(processCpuMs(pid) - backendBefore)} us CPU in the PostgreSQL backend, per statement`);
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
