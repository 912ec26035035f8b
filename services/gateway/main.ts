import './web-process.ts';
import type { Server } from 'node:http';
import { config } from '../core/config.ts';
import { closeDatabases } from '../core/database.ts';
import { logger } from '../core/logger.ts';
import { createGatewayApp } from './app.ts';
import { startKeyRotationSchedule } from './auth/key-rotation-schedule.ts';
import { closeRedis } from './limits/redis-client.ts';
import { flushUsage } from './limits/usage-recorder.ts';
import { answerParserErrors } from './http/parser-errors.ts';

const log = logger('gateway');

// Requests still in flight get this long to finish after a stop signal before the process exits.
const SHUTDOWN_GRACE_MS = 10_000;

function stopOnSignals(server: Server): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'gateway stopping: no new connections, waiting for requests in flight');

    const forced = setTimeout(() => {
      log.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'gateway stopped with requests still open after the grace period');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forced.unref();

    server.close(async (error) => {
      if (error) log.error({ err: error }, 'closing the HTTP server failed');
      await flushUsage();
      await closeRedis();
      await closeDatabases();
      log.info('gateway stopped');
      process.exit(error ? 1 : 0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const { host, port } = config().gateway;
const server = createGatewayApp().listen(port, host, () => {
  log.info({ host, port, nodeEnv: config().nodeEnv }, 'gateway listening');
});
answerParserErrors(server);
server.on('error', (error) => {
  log.fatal({ err: error, host, port }, 'gateway could not listen');
  process.exit(1);
});
startKeyRotationSchedule();
stopOnSignals(server);
