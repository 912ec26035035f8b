// Starts the development OpenID provider on IDP_PORT with the issuer that the portal expects
// (OIDC_ISSUER), with the seeded accounts ops@throughline.example and admin@acme.example.
import { config } from '../../services/core/config.ts';
import { logger } from '../../services/core/logger.ts';
import { startDevIdp } from './server.ts';

process.env.THROUGHLINE_PROCESS ??= 'idp';
const log = logger('dev-idp');

try {
  const idp = await startDevIdp({ port: config().idp.port, issuer: config().portal.oidcIssuer });
  const stop = (signal: string) => {
    log.info({ signal }, 'dev OpenID provider stopping');
    idp.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  log.fatal({ err: error }, 'dev OpenID provider failed to start');
  process.exitCode = 1;
}
