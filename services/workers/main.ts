import http from 'node:http';
import express from 'express';
import { collectDefaultMetrics, register } from 'prom-client';
import { config } from '../core/config.ts';
import { closeDatabases } from '../core/database.ts';
import { logger } from '../core/logger.ts';
import { registerCostMetrics } from './cost-metrics.ts';
import { registerKpiMetrics, stopKpiMetrics } from './kpi-metrics.ts';
import { RegionWorker } from './region-worker.ts';

process.env.THROUGHLINE_PROCESS ??= 'worker';
const log = logger('worker');

// Starts the workers of one region (WORKER_REGION) or, in development, of every configured region,
// with a small HTTP server for health checks and metrics.
export async function startWorkers(regions: string[]): Promise<{ workers: RegionWorker[]; stop: (deadlineMs?: number) => Promise<void> }> {
  const workers = regions.map((region) => new RegionWorker(region));
  await Promise.all(workers.map((worker) => worker.start()));
  return {
    workers,
    stop: async (deadlineMs?: number) => {
      await Promise.all(workers.map((worker) => worker.stop(deadlineMs)));
    },
  };
}

function healthApp(workers: () => RegionWorker[]): express.Express {
  const app = express();
  app.get('/healthz', (_request, response) => { response.json({ status: 'ok' }); });
  app.get('/readyz', (_request, response) => {
    const notReady = workers().filter((worker) => !worker.ready).map((worker) => worker.region);
    const ready = workers().length > 0 && notReady.length === 0;
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', notReady });
  });
  app.get('/metrics', async (_request, response) => {
    response.type(register.contentType).send(await register.metrics());
  });
  return app;
}

// Binds the health server before any worker starts, so a taken port stops the process before it
// consumes a message. Rejects with the listen error (EADDRINUSE, EACCES).
function listen(app: express.Express, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function main(): Promise<void> {
  const settings = config();
  const regions = settings.worker.region ? [settings.worker.region] : settings.regions.map((region) => region.name);
  const port = settings.worker.metricsPort;
  let workers: RegionWorker[] = [];

  let server: http.Server;
  try {
    server = await listen(healthApp(() => workers), port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    log.fatal({ port, code }, `cannot listen on 127.0.0.1:${port} (${code}); set WORKER_PORT to a free port`);
    process.exit(1);
  }

  const running = await startWorkers(regions);
  workers = running.workers;
  collectDefaultMetrics();
  registerKpiMetrics(regions);
  registerCostMetrics();
  log.info({ regions, port }, 'worker started');

  const shutdown = async (signal: string) => {
    const deadlineMs = settings.worker.shutdownTimeoutMs;
    log.info({ signal, deadlineMs }, 'stopping worker: no new messages, waiting for steps in flight');
    server.close();
    await running.stop(deadlineMs);
    await stopKpiMetrics();
    await closeDatabases();
    log.info({ signal }, 'worker stopped');
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
