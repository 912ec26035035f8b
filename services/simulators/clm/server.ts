import express from 'express';
import { logger } from '../../core/logger.ts';
import { faultRoutes } from '../shared/fault-routes.ts';
import { applyFaults, FaultInjector, readFaultRules } from '../shared/faults.ts';
import { listen, type RunningServer } from '../shared/listen.ts';
import { adminRoutes } from './admin-routes.ts';
import { DEFAULT_DELIVERY_OPTIONS, type DeliveryOptions } from './delivery.ts';
import { ironcladError, publicRoutes } from './public-routes.ts';
import { ClmState } from './state.ts';
import type { WebhookKeyPair } from './signing.ts';

export { signIroncladWebhook, EVENT_ID_HEADER, VERIFICATION_HEADER } from './signing.ts';

export interface ClmSimulatorOptions {
  host?: string;
  port: number;
  apiToken: string;
  // JSON file that keeps workflows, webhooks, deliveries and the signing key across restarts.
  stateFile?: string;
  keyPair?: WebhookKeyPair;
  delivery?: Partial<DeliveryOptions>;
  webhookHosts?: string[];
}

export interface ClmSimulator extends RunningServer {
  state: ClmState;
  // PEM keys of the webhook signing pair; tests use the private key to forge deliveries.
  keyPair: WebhookKeyPair;
  // Fault rules for the public API; they name the resource "workflows" or "webhooks".
  faults: FaultInjector;
}

// Starts an Ironclad-like CLM: the public API under /public/api/v1 and simulator controls under /_sim.
export async function startClmSimulator(options: ClmSimulatorOptions): Promise<ClmSimulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new ClmState(options.stateFile, options.keyPair);
  const delivery = { ...DEFAULT_DELIVERY_OPTIONS, ...options.delivery };
  const webhookHosts = options.webhookHosts ?? ['127.0.0.1', 'localhost', '[::1]'];

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  const log = logger('clm-simulator');
  const faults = new FaultInjector();
  const faultBody = (status: number, message: string) => ({ code: status === 429 ? 'RATE_LIMITED' : 'SERVER_ERROR', message });
  app.use('/public/api/v1', applyFaults(faults, (req) => req.path.split('/')[1] ?? '', faultBody), publicRoutes(state, { apiToken: options.apiToken, webhookHosts }));
  app.use('/_sim', adminRoutes(state, delivery, log), faultRoutes(faults, log, readFaultRules));
  app.use((req, res) => ironcladError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.path}.`));
  app.use((error: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error }, 'CLM simulator request failed');
    ironcladError(res, status, status === 500 ? 'SERVER_ERROR' : 'INVALID_REQUEST', status === 500 ? 'The simulator failed to handle the request.' : error.message);
  });

  const running = await listen(app, host, options.port);
  log.info({ url: running.url }, 'CLM simulator started');
  return {
    ...running,
    state,
    keyPair: state.keyPair,
    faults,
    close: async () => {
      await running.close();
      log.info({ url: running.url }, 'CLM simulator stopped');
    },
  };
}
