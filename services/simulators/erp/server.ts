import express from 'express';
import { logger } from '../../core/logger.ts';
import { listen, type RunningServer } from '../shared/listen.ts';
import { adminRoutes } from './admin-routes.ts';
import { ErpFaultInjector } from './faults.ts';
import { frappeErrorBody } from './frappe-error.ts';
import { RequestLog } from './request-log.ts';
import { resourceRoutes } from './resource-routes.ts';
import { ErpStore } from './store.ts';

export type { FaultRule } from './faults.ts';

export interface ErpSimulatorOptions {
  host?: string;
  port: number;
  apiKey: string;
  apiSecret: string;
  // JSON file that keeps records and naming counters across restarts.
  stateFile?: string;
}

export interface ErpSimulator extends RunningServer {
  store: ErpStore;
  faults: ErpFaultInjector;
  requests: RequestLog;
}

// Starts an ERPNext-like ERP: Frappe's resource API under /api and simulator controls under /_sim.
export async function startErpSimulator(options: ErpSimulatorOptions): Promise<ErpSimulator> {
  const host = options.host ?? '127.0.0.1';
  const store = new ErpStore(options.stateFile);
  const faults = new ErpFaultInjector();
  const requests = new RequestLog();
  const log = logger('erp-simulator');

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use('/api', resourceRoutes({ store, faults, requests, apiKey: options.apiKey, apiSecret: options.apiSecret, log }));
  app.use('/_sim', adminRoutes(store, faults, requests, log));
  app.use((req, res) => {
    res.status(404).json(frappeErrorBody('DoesNotExistError', `No route for ${req.method} ${req.path}`));
  });
  app.use((error: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    // Malformed JSON bodies land here with status 400 from the body parser.
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error }, 'ERP simulator request failed');
    res.status(status).json(frappeErrorBody('ValidationError', status === 500 ? 'The simulator failed to handle the request.' : error.message));
  });

  const running = await listen(app, host, options.port);
  log.info({ url: running.url }, 'ERP simulator started');
  return {
    ...running,
    store,
    faults,
    requests,
    close: async () => {
      await running.close();
      log.info({ url: running.url }, 'ERP simulator stopped');
    },
  };
}
