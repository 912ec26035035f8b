import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import type { ClientMetadata } from 'oidc-provider';
import { config } from '../../services/core/config.ts';
import { logger } from '../../services/core/logger.ts';
import { AccountDirectory, SEEDED_ACCOUNTS, type DevAccount } from './accounts.ts';
import { portalClient } from './clients.ts';
import { interactionRoutes } from './interactions.ts';
import { createProvider } from './provider.ts';

const assets = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
export interface DevIdpOptions {
  /** TCP port, where 0 picks a free one. Defaults to IDP_PORT (8082). */
  port?: number;
  /** Interface to listen on. Defaults to 127.0.0.1. */
  host?: string;
  /** Issuer URL. Defaults to http://<host>:<bound port>, so a provider on port 0 gets a matching issuer. */
  issuer?: string;
  /** Registered clients. Defaults to the portal client from the portal's configuration. */
  clients?: ClientMetadata[];
  /** Accounts to add to the two seeded ones, for tests that need users of their own. */
  accounts?: DevAccount[];
}

export interface DevIdp {
  issuer: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

// Forms may post only to this provider and to the registered clients. Browsers apply form-action
// to the redirects that follow a submission, so the client origins must be listed for the
// redirect back to the portal after sign-in and sign-out.
function securityHeaders(clients: ClientMetadata[]) {
  const origins = clients.flatMap((client) => [...(client.redirect_uris ?? []), ...(client.post_logout_redirect_uris ?? [])]);
  const formAction = ["'self'", ...new Set(origins.map((uri) => new URL(uri).origin))];
  return helmet({
    contentSecurityPolicy: { directives: { formAction, styleSrc: ["'self'"], upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
  });
}

// Starts the development OpenID provider. Its accounts have fixed passwords, so it throws when
// NODE_ENV is production.
export async function startDevIdp(options: DevIdpOptions = {}): Promise<DevIdp> {
  if (config().production) {
    throw new Error('The development OpenID provider cannot run with NODE_ENV=production because its accounts have fixed passwords. Point OIDC_ISSUER at a real identity provider instead.');
  }
  const log = logger('dev-idp');
  const host = options.host ?? '127.0.0.1';
  const clients = options.clients ?? [portalClient({
    baseUrl: config().portal.baseUrl,
    clientId: config().portal.oidcClientId,
    clientSecret: config().portal.oidcClientSecret,
  })];
  const directory = new AccountDirectory([...SEEDED_ACCOUNTS, ...(options.accounts ?? [])]);

  // The provider needs its issuer at construction, and with port 0 the issuer is known only
  // after the socket is bound, so the provider's routes join the app once listening succeeds.
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(clients));
  app.use('/assets', express.static(assets, { fallthrough: false }));
  const server = createServer(app);
  const port = await listen(server, options.port ?? config().idp.port, host);
  const issuer = options.issuer ?? `http://${host}:${port}`;

  const provider = createProvider(issuer, clients, directory);
  app.use(interactionRoutes(provider, directory, log));
  app.use(provider.callback());

  log.info({ issuer, port, clients: clients.map((client) => client.client_id) }, 'dev OpenID provider listening');
  return {
    issuer,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
