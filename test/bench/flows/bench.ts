// Measures contract-to-project activation end to end against the simulators, which respond at
// once: contract.executed events accepted per second by the gateway, activations per second at
// saturation, and the time from acceptance to `project.activated` (p50, p99) at saturation and at
// an offered rate. Beside it, the raw rate of a publish-with-confirm and consume-ack loop on the
// same broker, and the database commits, statements and broker messages per activation, which
// set the ceiling. It prints figures and asserts nothing, because timings depend on the machine
// and on whatever else uses the shared PostgreSQL and RabbitMQ servers.
// Run with `npm run bench:flows -- [contracts] [offeredPerSecond]` (NODE_ENV=test databases);
// BENCH_WORKER_POOL sets the worker's connection pool (default 22), BENCH_WORKERS how many worker
// processes consume (default 1), and WORKER_NODE_ARGS passes Node.js options such as --cpu-prof to
// the workers.
// On Linux it also prints the CPU time per activation by part (PostgreSQL, workers, this process,
// RabbitMQ), and how many activations per second the machine's cores allow at that cost.
// NOTE: saturation stays about half of the target of 150 activations per second, and the CPU
// figures show why. On a quiet two-core machine, 1,000 contracts cost 20.6 to 24.1 ms of CPU each:
// about 6 to 7.4 in PostgreSQL, 7 in the worker, 7 in this process and 1.2 in RabbitMQ. Two cores
// so carry at most 83 to 97 per second, where 150 per second needs 13.3 ms. With a pool of 22 the
// machine stayed 94 % busy and the benchmark reached 79 to 85 per second. Each profile is flat. As
// a trial, dropping the running mark before each outside call cut the worker's statements from 22
// to 19 and gained about 5 %, so no single cut closes the gap.
import './env.ts';
import os from 'node:os';
import { closeDatabases } from '../../../services/core/database.ts';
import { closeRedis } from '../../../services/gateway/limits/redis-client.ts';
import { flushUsage } from '../../../services/gateway/limits/usage-recorder.ts';
import { contractPoster, postInParallel } from '../../chaos/support/api-contracts.ts';
import { startWorkerProcess, type WorkerProcess } from '../../chaos/support/worker-process.ts';
import { startPlatform, type RunningPlatform } from '../../support/platform.ts';
import { ActivationWatch } from './activation-watch.ts';
import { measureBrokerLoop } from './broker-loop.ts';
import { readCosts, type CostReading } from './cost-counters.ts';
import { cpuAccountingAvailable, CPU_PART_NAMES, cpuSpent, readCpu, type CpuPart, type CpuSpent } from './cpu-cost.ts';
import { percentile, postAtRate } from './load-phases.ts';
import { purgeConsumerQueues } from './queue-purge.ts';
import { vacuumRegion } from './vacuum.ts';

const CONTRACTS = Number(process.argv[2] ?? '1000');
const OFFERED_PER_SECOND = Number(process.argv[3] ?? '50');
const POST_CONCURRENCY = 8;
const WARM_UP = 20;
const BROKER_LOOP_MESSAGES = 5_000;
// The worker runs as its own process with a pool sized for its handlers, as in production. With
// 20 handlers the backlog keeps both cores busy. With 10, a quarter of the CPU stayed idle while
// the worker drained the backlog.
const WORKER_ENV = { DATABASE_POOL_MAX: process.env.BENCH_WORKER_POOL ?? '22' };
const WORKER_COUNT = Number(process.env.BENCH_WORKERS ?? '1');
const REGION = 'eu';

interface PhaseResult {
  name: string;
  accepted: Map<string, number>;
  postSeconds: number;
  activated: number;
  activationSeconds: number;
  latencies: number[];
  costs: CostReading;
  // CPU spent in the phase, undefined where /proc is missing (not Linux).
  cpu?: CpuSpent;
}

async function runPhase(name: string, post: () => Promise<Map<string, number>>, watch: ActivationWatch, workers: WorkerProcess[]): Promise<PhaseResult> {
  const metricsUrls = workers.map((worker) => `http://127.0.0.1:${worker.port}/metrics`);
  const workerPids = workers.map((worker) => worker.child.pid).filter((pid) => pid !== undefined);
  const before: CostReading = await readCosts(REGION, metricsUrls);
  const cpuBefore = cpuAccountingAvailable() ? await readCpu(workerPids) : undefined;
  const started = Date.now();
  const accepted = await post();
  const postSeconds = (Date.now() - started) / 1000;
  const complete = await watch.waitFor(accepted.keys(), 300_000);
  const cpu = cpuBefore ? cpuSpent(cpuBefore, await readCpu(workerPids)) : undefined;
  if (!complete) console.log(`${name}: not every contract was activated within 300 s`);

  const done = [...accepted].filter(([id]) => watch.activatedAt.has(id));
  const latencies = done.map(([id, at]) => watch.activatedAt.get(id)! - at).sort((a, b) => a - b);
  const lastActivated = Math.max(...done.map(([id]) => watch.activatedAt.get(id)!));
  const firstAccepted = Math.min(...accepted.values());
  const after = await readCosts(REGION, metricsUrls);
  return {
    name,
    accepted,
    postSeconds,
    activated: done.length,
    activationSeconds: (lastActivated - firstAccepted) / 1000,
    latencies,
    costs: {
      commits: after.commits - before.commits,
      brokerMessages: after.brokerMessages - before.brokerMessages,
      workerStatements: after.workerStatements - before.workerStatements,
      gatewayStatements: after.gatewayStatements - before.gatewayStatements,
    },
    cpu,
  };
}

function report(result: PhaseResult): number {
  const perSecond = result.activated / result.activationSeconds;
  console.log(`${result.name}`);
  console.log(`  accepted ${result.accepted.size} contract.executed events at ${(result.accepted.size / result.postSeconds).toFixed(1)}/s`);
  console.log(`  activated ${result.activated} at ${perSecond.toFixed(1)}/s end to end (first acceptance to last project.activated)`);
  console.log(`  acceptance to project.activated: p50 ${percentile(result.latencies, 0.5).toFixed(0)} ms, p99 ${percentile(result.latencies, 0.99).toFixed(0)} ms`);
  const perActivation = (count: number) => (count / result.activated).toFixed(1);
  console.log(`  per activation: ${perActivation(result.costs.commits)} database commits (all sessions), ${perActivation(result.costs.brokerMessages)} broker messages published by the workers`);
  console.log(`  statements per activation: ${perActivation(result.costs.workerStatements)} from the workers, ${perActivation(result.costs.gatewayStatements)} from the gateway and simulators' process`);
  if (result.cpu) reportCpu(result.cpu, result.activated);
  return perSecond;
}

// Prints the CPU per activation by part, and the ceiling it sets, which is the cores' time
// divided by it.
function reportCpu(cpu: CpuSpent, activated: number): void {
  const perActivation = (ms: number) => (ms / activated).toFixed(1);
  const parts = (Object.keys(CPU_PART_NAMES) as CpuPart[]).map((part) => `${CPU_PART_NAMES[part]} ${perActivation(cpu.byPart[part])}`);
  const counted = Object.values(cpu.byPart).reduce((sum, ms) => sum + ms, 0);
  const cores = os.cpus().length;
  const ceiling = (cores * 1000 * activated) / cpu.machineBusyMs;
  console.log(`  CPU per activation: ${perActivation(cpu.machineBusyMs)} ms on the machine (${parts.join(', ')}, the rest ${perActivation(cpu.machineBusyMs - counted)}), busy ${((cpu.machineBusyMs / cpu.machineTotalMs) * 100).toFixed(0)} % of the time`);
  console.log(`  at that CPU cost ${cores} cores carry at most ${ceiling.toFixed(0)} activations/s`);
}

async function main(): Promise<void> {
  let platform: RunningPlatform | undefined;
  const workers: WorkerProcess[] = [];
  let watch: ActivationWatch | undefined;
  try {
    await vacuumRegion(REGION);
    const purged = await purgeConsumerQueues(REGION);
    if (purged > 0) console.log(`removed ${purged} messages that an earlier run left in the work queues`);
    platform = await startPlatform({ region: REGION, startWorkers: false });
    for (let started = 0; started < WORKER_COUNT; started += 1) workers.push(await startWorkerProcess(REGION, WORKER_ENV));
    watch = await ActivationWatch.open(REGION, platform.tenant.tenantId);
    const poster = await contractPoster(platform.gatewayUrl, platform.tenant.tenantId, WARM_UP + 2 * CONTRACTS);
    console.log(`flow benchmark: ${CONTRACTS} contracts per phase, tenant ${platform.tenant.slug}, ${WORKER_COUNT} worker process(es) with a pool of ${WORKER_ENV.DATABASE_POOL_MAX}`);

    await watch.waitFor((await postInParallel(poster, WARM_UP, 4)).keys(), 60_000);
    const saturated = await runPhase(`saturation (${POST_CONCURRENCY} posts at a time)`, () => postInParallel(poster, CONTRACTS, POST_CONCURRENCY), watch, workers);
    const endToEnd = report(saturated);
    report(await runPhase(`offered ${OFFERED_PER_SECOND}/s`, () => postAtRate(poster, CONTRACTS, OFFERED_PER_SECOND), watch, workers));

    const raw = await measureBrokerLoop(REGION, BROKER_LOOP_MESSAGES);
    console.log(`broker loop: ${raw.toFixed(0)} messages/s (publish with confirm, consume with ack, quorum queue, ${BROKER_LOOP_MESSAGES} messages)`);
    console.log(`ratio: activations/s at saturation / broker loop messages/s = ${(endToEnd / raw).toFixed(3)}`);
  } finally {
    await watch?.close();
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    await platform?.close();
    // The gateway's usage recorder and rate limiter keep timers and a Redis connection open.
    await flushUsage();
    await closeRedis();
    await closeDatabases();
  }
}

// An interrupt also ends the benchmark through process.exit, which kills the workers it started.
process.once('SIGINT', () => process.exit(130));
await main();
