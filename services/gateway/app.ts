import express from 'express';
import type { RateTier } from '../core/config.ts';
import helmet from 'helmet';
import { jwksRouter } from './auth/jwks-endpoint.ts';
import { tokenRouter } from './auth/token-endpoint.ts';
import { handleErrors, unknownRoute } from './http/error-handler.ts';
import { healthRouter } from './http/health.ts';
import { allowOnly } from './http/method-not-allowed.ts';
import { measureRequests, serveMetrics } from './http/metrics.ts';
import { requireMetricsToken } from './http/metrics-access.ts';
import { assignRequestId } from './http/request-id.ts';
import { logRequests } from './http/request-log.ts';
import { API_VERSIONS } from './versions/catalog.ts';
import { rejectRetiredVersions } from './versions/version-lifecycle.ts';
import { VersionRegistry, type VersionSource } from './versions/version-registry.ts';
import { versionRouter } from './versions/version-router.ts';
import { webhookRouter } from './webhooks/webhook-endpoint.ts';

export interface GatewayOptions {
  // The source of version statuses: the api_versions table unless a test gives a fixed list.
  versionSource?: VersionSource;
  // Rate limit tiers; GATEWAY_RATE_TIERS unless a test or benchmark gives its own.
  rateTiers?: Record<string, RateTier>;
}

// Builds the gateway without listening, so tests can drive it with supertest. The order matters:
// the request id comes first so every later log line and error carries it, and each sub-router
// parses its own body type, because webhooks must see the raw bytes that were signed.
export function createGatewayApp(options: GatewayOptions = {}): express.Application {
  const registry = new VersionRegistry(options.versionSource);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use(assignRequestId);
  app.use(helmet());
  app.use(measureRequests);
  app.use(logRequests);

  app.use(healthRouter());
  app.route('/metrics').get(requireMetricsToken, serveMetrics).all(allowOnly(['GET', 'HEAD']));
  app.use(jwksRouter());
  app.use(tokenRouter());
  app.use('/hooks', webhookRouter());
  for (const spec of API_VERSIONS) app.use(`/${spec.name}`, versionRouter(spec, { registry, ...(options.rateTiers ? { rateTiers: options.rateTiers } : {}) }));
  app.use(rejectRetiredVersions(registry));

  app.use(unknownRoute);
  app.use(handleErrors);
  return app;
}
