// Starts the portal process: PORTAL_HOST and PORTAL_PORT, signing in through OIDC_ISSUER.
// On SIGTERM or SIGINT it stops taking connections, lets requests in flight finish, then closes
// the session store and the database pools.
import './process-name.ts';
import { createServer } from 'node:http';
import { config } from '../services/core/config.ts';
import { closeDatabases } from '../services/core/database.ts';
import { logger } from '../services/core/logger.ts';
import { closePortalApp, createPortalApp } from './app.ts';

const log = logger('portal');
const STOP_TIMEOUT_MS = 10_000;

async function start(): Promise<void> {
  const { host, port, baseUrl, oidcIssuer } = config().portal;
  const app = await createPortalApp();
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  log.info({ host, port, baseUrl, issuer: oidcIssuer }, 'portal listening');

  const stop = (signal: string) => {
    log.info({ signal }, 'portal stopping');
    // Keep-alive connections would hold close() open, so idle ones go now and the rest after a timeout.
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), STOP_TIMEOUT_MS).unref();
    server.close(async () => {
      clearTimeout(timer);
      await closePortalApp(app);
      await closeDatabases();
      log.info('portal stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

start().catch((error: unknown) => {
  log.fatal({ err: error }, 'portal failed to start');
  process.exit(1);
});
