import { QueryTypes } from 'sequelize';
import { systemDatabase } from '../../../services/core/database.ts';

// Counters that set the ceiling of a flow: transactions committed in the region database (every
// session's, from pg_stat_database) and messages the worker process published with a confirm
// (from its /metrics). Other sessions on the same database add to the first, so a reading on a
// shared server is an upper bound for the benchmark's own commits.

// PostgreSQL sessions flush their counts to shared memory when they go idle, at most once a second,
// so a count can lag behind its commit. Waiting this long before a reading (an estimate with a wide
// margin) lets the pool's idle sessions flush theirs.
export const STATS_FLUSH_WAIT_MS = 11_000;

export interface CostReading {
  commits: number;
  brokerMessages: number;
}

async function databaseCommits(region: string): Promise<number> {
  const [row] = await systemDatabase(region).query<{ commits: string }>(
    'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()', { type: QueryTypes.SELECT });
  return Number(row?.commits ?? 0);
}

async function workerPublished(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith('throughline_broker_published_messages '));
  if (!line) throw new Error(`The worker at ${metricsUrl} reports no throughline_broker_published_messages gauge.`);
  return Number(line.split(' ')[1]);
}

export async function readCosts(region: string, metricsUrl: string): Promise<CostReading> {
  await new Promise((resolve) => setTimeout(resolve, STATS_FLUSH_WAIT_MS));
  return { commits: await databaseCommits(region), brokerMessages: await workerPublished(metricsUrl) };
}
