import express from 'express';
import { collectDefaultMetrics, register } from 'prom-client';
import { config } from '../core/config.ts';
import { closeDatabases } from '../core/database.ts';
import { logger } from '../core/logger.ts';
import { registerKpiMetrics } from './kpi-metrics.ts';
import { RegionWorker } from './region-worker.ts';

process.env.THROUGHLINE_PROCESS ??= 'worker';
const log = logger('worker');

// Starts the workers of one region (WORKER_REGION) or, in development, of every configured region,
// with a small HTTP server for health checks and metrics.
export async function startWorkers(regions: string[]): Promise<{ workers: RegionWorker[]; stop: () => Promise<void> }> {
  const workers = regions.map((region) => new RegionWorker(region));
  await Promise.all(workers.map((worker) => worker.start()));
  return {
    workers,
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}

async function main(): Promise<void> {
  const settings = config();
  const regions = settings.worker.region ? [settings.worker.region] : settings.regions.map((region) => region.name);
  const { workers, stop } = await startWorkers(regions);

  collectDefaultMetrics();
  registerKpiMetrics(regions);
  const app = express();
  app.get('/healthz', (_request, response) => { response.json({ status: 'ok' }); });
  app.get('/readyz', (_request, response) => {
    const notReady = workers.filter((worker) => !worker.ready).map((worker) => worker.region);
    response.status(notReady.length ? 503 : 200).json({ status: notReady.length ? 'not-ready' : 'ready', notReady });
  });
  app.get('/metrics', async (_request, response) => {
    response.type(register.contentType).send(await register.metrics());
  });
  const server = app.listen(settings.worker.metricsPort, '127.0.0.1');
  log.info({ regions, port: settings.worker.metricsPort }, 'worker started');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'stopping worker');
    server.close();
    await stop();
    await closeDatabases();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    log.fatal({ err: error }, 'worker failed to start');
    process.exit(1);
  });
}
