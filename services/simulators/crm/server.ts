import express from 'express';
import { logger } from '../../core/logger.ts';
import { bearerAuth } from '../shared/bearer-auth.ts';
import { simulatorAdminRoutes } from '../shared/fault-routes.ts';
import { applyFaults, FaultInjector } from '../shared/faults.ts';
import { listen, type RunningServer } from '../shared/listen.ts';
import { hubSpotErrorBody } from './hubspot-error.ts';
import { companyRoutes } from './public-routes.ts';
import { CrmState } from './state.ts';

export interface CrmSimulatorOptions {
  host?: string;
  port: number;
  // HubSpot private app access token the simulator accepts.
  accessToken: string;
  stateFile?: string;
}

export interface CrmSimulator extends RunningServer {
  state: CrmState;
  faults: FaultInjector;
}

// Starts a HubSpot-like CRM: companies under /crm/v3/objects/companies, controls under /_sim.
// Fault rules name the resource "companies".
export async function startCrmSimulator(options: CrmSimulatorOptions): Promise<CrmSimulator> {
  const state = new CrmState(options.stateFile);
  const faults = new FaultInjector();
  const log = logger('crm-simulator');

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use('/crm/v3/objects/companies',
    bearerAuth(options.accessToken, hubSpotErrorBody),
    applyFaults(faults, () => 'companies', hubSpotErrorBody),
    companyRoutes(state));
  app.use('/_sim', simulatorAdminRoutes(faults, state, log));
  app.use((req, res) => {
    res.status(404).json(hubSpotErrorBody(404, `No route for ${req.method} ${req.path}`));
  });
  app.use((error: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error }, 'CRM simulator request failed');
    res.status(status).json(hubSpotErrorBody(status, status === 500 ? 'The simulator failed to handle the request.' : error.message));
  });

  const running = await listen(app, options.host ?? '127.0.0.1', options.port);
  log.info({ url: running.url }, 'CRM simulator started');
  return {
    ...running,
    state,
    faults,
    close: async () => {
      await running.close();
      log.info({ url: running.url }, 'CRM simulator stopped');
    },
  };
}
