import express from 'express';
import { logger } from '../../core/logger.ts';
import { simulatorAdminRoutes } from '../shared/fault-routes.ts';
import { applyFaults, FaultInjector } from '../shared/faults.ts';
import { listen, type RunningServer } from '../shared/listen.ts';
import { kantataErrorBody } from './kantata-format.ts';
import { psaAdminRoutes } from './admin-routes.ts';
import { TokenIssuer } from './oauth.ts';
import { PsaState } from './state.ts';
import { storyRoutes } from './story-routes.ts';
import { workspaceRoutes } from './workspace-routes.ts';

export interface PsaSimulatorOptions {
  host?: string;
  port: number;
  // The OAuth client that may request tokens with client credentials at /oauth/token.
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds?: number;
  stateFile?: string;
}

export interface PsaSimulator extends RunningServer {
  state: PsaState;
  faults: FaultInjector;
  tokens: TokenIssuer;
}

// Starts a Kantata-like PSA: the API under /api/v1, a token endpoint under /oauth and controls
// under /_sim. Fault rules name the
// resource by its collection: "workspaces", "workspace_resources" or "stories".
export async function startPsaSimulator(options: PsaSimulatorOptions): Promise<PsaSimulator> {
  const state = new PsaState(options.stateFile);
  const faults = new FaultInjector();
  const log = logger('psa-simulator');
  const tokens = new TokenIssuer({ clientId: options.clientId, clientSecret: options.clientSecret, tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600 });

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use('/oauth', tokens.routes());
  app.use('/api/v1',
    tokens.requireToken(),
    applyFaults(faults, (req) => req.path.split('/')[1] ?? '', kantataErrorBody),
    workspaceRoutes(state),
    storyRoutes(state, log));
  app.use('/_sim', psaAdminRoutes(state, log), simulatorAdminRoutes(faults, state, log));
  app.use((req, res) => {
    res.status(404).json(kantataErrorBody(404, `No route for ${req.method} ${req.path}`));
  });
  app.use((error: Error & { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error }, 'PSA simulator request failed');
    res.status(status).json(kantataErrorBody(status, status === 500 ? 'The simulator failed to handle the request.' : error.message));
  });

  const running = await listen(app, options.host ?? '127.0.0.1', options.port);
  log.info({ url: running.url }, 'PSA simulator started');
  return {
    ...running,
    state,
    faults,
    tokens,
    close: async () => {
      await running.close();
      log.info({ url: running.url }, 'PSA simulator stopped');
    },
  };
}
