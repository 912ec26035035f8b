import { QueryTypes } from 'sequelize';
import { statementsSent, systemDatabase } from '../../../services/core/database.ts';

// Counters that set the ceiling of a flow. The commits are every session's in the region database
// (from pg_stat_database), so on a shared server they are an upper bound for the benchmark's own.
// The worker's /metrics gives the messages it published with a confirm and the statements it
// sent. This process, where the gateway and the simulators run, counts its own statements.

// PostgreSQL sessions flush their counts to shared memory when they go idle, at most once a second,
// so a count can lag behind its commit. Waiting this long before a reading (an estimate with a wide
// margin) lets the pool's idle sessions flush theirs.
export const STATS_FLUSH_WAIT_MS = 11_000;

export interface CostReading {
  commits: number;
  brokerMessages: number;
  workerStatements: number;
  gatewayStatements: number;
}

async function databaseCommits(region: string): Promise<number> {
  const [row] = await systemDatabase(region).query<{ commits: string }>(
    'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()', { type: QueryTypes.SELECT });
  return Number(row?.commits ?? 0);
}

function gauge(metrics: string, name: string, metricsUrl: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  if (!line) throw new Error(`The worker at ${metricsUrl} reports no ${name} gauge.`);
  return Number(line.split(' ')[1]);
}

// Reads the counters, summing the gauges of every worker process.
export async function readCosts(region: string, metricsUrls: string[]): Promise<CostReading> {
  await new Promise((resolve) => setTimeout(resolve, STATS_FLUSH_WAIT_MS));
  let brokerMessages = 0;
  let workerStatements = 0;
  for (const metricsUrl of metricsUrls) {
    const metrics = await (await fetch(metricsUrl)).text();
    brokerMessages += gauge(metrics, 'throughline_broker_published_messages', metricsUrl);
    workerStatements += gauge(metrics, 'throughline_database_statements', metricsUrl);
  }
  return { commits: await databaseCommits(region), brokerMessages, workerStatements, gatewayStatements: statementsSent() };
}
