// Compares the governed gateway with bare Express handlers doing the same database work: an
// authorized read (GET a customer) and an accepted event (POST an executed contract, which writes
// its contract.executed event to the outbox). Prints requests per second, p50 and p99 latency and
// the ratio of throughputs; it asserts nothing, because timings vary by machine.
// Run with `npx tsx test/bench/gateway/bench.ts [reads] [writes]` (NODE_ENV=test databases).
import '../../support/env.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeDatabases } from '../../../services/core/database.ts';
import { controlModels } from '../../../services/core/models/control.ts';
import { createGatewayApp } from '../../../services/gateway/app.ts';
import { closeRedis } from '../../../services/gateway/limits/redis-client.ts';
import { flushUsage } from '../../../services/gateway/limits/usage-recorder.ts';
import { contractBody, requestToken, tenantWithToken } from '../../integration/gateway/helpers.ts';
import { bareApp } from './bare-app.ts';
import { combine, runLoad, type LoadResult } from './load.ts';

// Requests per run; each path runs ROUNDS times.
const READS = Number(process.argv[2] ?? '1000');
const WRITES = Number(process.argv[3] ?? '200');
const CONCURRENCY = 16;
const MAX_SECONDS = 60;
// A tier large enough that the benchmark measures the limiter's cost, not its rejections.
const BENCH_TIERS = { bench: { perMinute: 10_000_000, perDay: 100_000_000 } };

async function listen(app: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const ROUNDS = 4;

async function alternate(bare: () => Promise<LoadResult>, governed: () => Promise<LoadResult>): Promise<[LoadResult, LoadResult]> {
  const bareRuns: LoadResult[] = [];
  const governedRuns: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      bareRuns.push(await bare());
      governedRuns.push(await governed());
    } else {
      governedRuns.push(await governed());
      bareRuns.push(await bare());
    }
  }
  return [combine(bareRuns), combine(governedRuns)];
}

function line(name: string, result: LoadResult): string {
  return `${name.padEnd(28)} ${result.perSecond.toFixed(0).padStart(7)} req/s   p50 ${result.p50Ms.toFixed(2).padStart(7)} ms   p99 ${result.p99Ms.toFixed(2).padStart(7)} ms   (${result.requests} requests, ${result.failures} unexpected statuses)`;
}

async function main(): Promise<void> {
  const setup = await tenantWithToken();
  await controlModels().ApiClient.update({ tier: 'bench' }, { where: { id: setup.client.id } });
  const token = await requestToken(setup.clientId, setup.secret);
  const governed = await listen(createGatewayApp({ rateTiers: BENCH_TIERS }));
  const principal = { clientId: setup.clientId, tenantId: setup.tenant.id, region: setup.tenant.region, scopes: new Set<string>(), tokenId: 'bench', tier: 'bench' };
  const bare = await listen(bareApp(principal));

  const customer = await fetch(`${governed.url}/v1/customers`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bench AG', country: 'DE' }),
  }).then((response) => response.json() as Promise<{ id: string }>);
  const body = JSON.stringify(contractBody(customer.id, { status: 'executed' }));
  const auth = { authorization: `Bearer ${token}` };

  const read = (url: string) => runLoad({ url, init: () => ({ headers: auth }), requests: READS, concurrency: CONCURRENCY, maxSeconds: MAX_SECONDS, expectedStatus: 200 });
  const write = (url: string) => runLoad({ url, init: () => ({ method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body }), requests: WRITES, concurrency: CONCURRENCY, maxSeconds: MAX_SECONDS, expectedStatus: 201 });

  // Warm both paths (connections, caches, JIT) before measuring.
  await runLoad({ url: `${governed.url}/v1/customers/${customer.id}`, init: () => ({ headers: auth }), requests: 200, concurrency: CONCURRENCY, maxSeconds: 10, expectedStatus: 200 });
  await runLoad({ url: `${bare.url}/customers/${customer.id}`, init: () => ({}), requests: 200, concurrency: CONCURRENCY, maxSeconds: 10, expectedStatus: 200 });

  // Rounds alternate which path goes first, so load from other processes on the shared database
  // falls on both paths alike.
  const [bareRead, governedRead] = await alternate(() => read(`${bare.url}/customers/${customer.id}`), () => read(`${governed.url}/v1/customers/${customer.id}`));
  const [bareWrite, governedWrite] = await alternate(() => write(`${bare.url}/contracts`), () => write(`${governed.url}/v1/contracts`));

  console.log(`gateway benchmark: ${ROUNDS} alternating rounds, ${CONCURRENCY} requests in flight, Node ${process.version}, 127.0.0.1`);
  console.log(line('bare read', bareRead));
  console.log(line('governed read', governedRead));
  console.log(line('bare accepted event', bareWrite));
  console.log(line('governed accepted event', governedWrite));
  console.log(`governed/bare throughput: read ${(100 * governedRead.perSecond / bareRead.perSecond).toFixed(0)} %, accepted event ${(100 * governedWrite.perSecond / bareWrite.perSecond).toFixed(0)} % (target: at least 70 %)`);

  governed.server.closeAllConnections();
  bare.server.closeAllConnections();
  governed.server.close();
  bare.server.close();
  await flushUsage();
  await closeRedis();
  await closeDatabases();
}

await main();
