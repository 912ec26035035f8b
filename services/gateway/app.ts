import express from 'express';
import helmet from 'helmet';
import { jwksRouter } from './auth/jwks-endpoint.ts';
import { tokenRouter } from './auth/token-endpoint.ts';
import { handleErrors, unknownRoute } from './http/error-handler.ts';
import { healthRouter } from './http/health.ts';
import { allowOnly } from './http/method-not-allowed.ts';
import { measureRequests, serveMetrics } from './http/metrics.ts';
import { assignRequestId } from './http/request-id.ts';
import { logRequests } from './http/request-log.ts';
import { v1Router } from './routes/v1/router.ts';
import { webhookRouter } from './webhooks/webhook-endpoint.ts';

// Builds the gateway without listening, so tests can drive it with supertest. The order matters:
// the request id comes first so every later log line and error carries it, and each sub-router
// parses its own body type, because webhooks must see the raw bytes that were signed.
export function createGatewayApp(): express.Application {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  app.use(assignRequestId);
  app.use(helmet());
  app.use(measureRequests);
  app.use(logRequests);

  app.use(healthRouter());
  app.route('/metrics').get(serveMetrics).all(allowOnly(['GET', 'HEAD']));
  app.use(jwksRouter());
  app.use(tokenRouter());
  app.use('/hooks', webhookRouter());
  app.use('/v1', v1Router());

  app.use(unknownRoute);
  app.use(handleErrors);
  return app;
}
