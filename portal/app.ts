import express from 'express';
import { authRoutes } from './auth/routes.ts';
import { discoverProvider } from './auth/oidc-client.ts';
import { portalPassport } from './auth/passport.ts';
import { requireLogin, requireMembership } from './access/require-login.ts';
import { loadTenant } from './access/tenant-access.ts';
import { csrfProtection, csrfTokenForViews } from './csrf.ts';
import { errorPage, pageNotFound } from './errors.ts';
import { flashForViews } from './flash.ts';
import { resolvePortalSettings, type PortalOptions } from './options.ts';
import { requestContext } from './request-context.ts';
import { apiClientRoutes } from './routes/api-clients.ts';
import { connectorMappingRoutes } from './routes/connector-mapping.ts';
import { connectorRoutes } from './routes/connectors.ts';
import { platformApiVersionRoutes, tenantApiVersionRoutes } from './routes/api-versions.ts';
import { platformAuditRoutes, tenantAuditRoutes } from './routes/audit-log.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { entityRoutes } from './routes/entities.ts';
import { exceptionRoutes } from './routes/exceptions.ts';
import { homeRoutes } from './routes/home.ts';
import { legalEntityRoutes } from './routes/legal-entities.ts';
import { regionRoutes } from './routes/regions.ts';
import { residencyRoutes } from './routes/residency.ts';
import { runActionRoutes } from './routes/run-actions.ts';
import { runRoutes } from './routes/runs.ts';
import { tenantOverviewRoutes } from './routes/tenant-overview.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { tenantSettingsRoutes } from './routes/tenant-settings.ts';
import { securityHeaders } from './security-headers.ts';
import { portalSessions, saveSessionBeforeRedirect } from './session.ts';
import { enforceSessionTimeouts } from './session-timeouts.ts';
import { viewLocals } from './view-locals.ts';
import { configureViews, publicAssets } from './views.ts';

export type { PortalOptions } from './options.ts';

// Resources an app holds open, released by closePortalApp().
const closers = new WeakMap<express.Express, () => Promise<void>>();

// Builds the portal. It discovers the OpenID provider first, so a wrong issuer stops the process
// at start-up instead of at the first sign-in.
export async function createPortalApp(options: PortalOptions = {}): Promise<express.Express> {
  const settings = resolvePortalSettings(options);
  const oidc = await discoverProvider(settings);
  const auth = portalPassport(oidc, settings);
  const sessions = portalSessions(settings);

  const app = express();
  app.disable('x-powered-by');
  configureViews(app);
  // Behind an https proxy the app receives plain http, and express-session sets a secure cookie only
  // when it trusts the proxy's X-Forwarded-Proto. NOTE: this assumes exactly one proxy hop.
  if (settings.https) app.set('trust proxy', 1);

  // Request id and logger first, so every later line, errors included, carries the id.
  app.use(requestContext);
  // Security headers before anything can write a response.
  app.use(securityHeaders(settings));
  // Assets before the session, so stylesheet requests never read or create a session row.
  app.use('/assets', express.static(publicAssets, { maxAge: '1h', fallthrough: false }));
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/assets/favicon.svg'));
  // Form bodies before CSRF protection, which reads the token from the body.
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  // The session before passport and CSRF: both keep their state in it.
  app.use(sessions.middleware);
  app.use(saveSessionBeforeRedirect);
  app.use(auth.initialize());
  app.use(auth.session());
  // Timeouts right after passport loads the user, so an expired session reaches no route.
  app.use(enforceSessionTimeouts(settings));
  // CSRF after the session and the body parser, and before any route that accepts a form post,
  // sign-out included.
  app.use(csrfProtection);
  app.use(csrfTokenForViews, flashForViews, viewLocals);

  // Public routes: the start page and the sign-in round trip.
  app.use(homeRoutes());
  app.use(authRoutes(auth, oidc, settings));
  // Everything below needs a signed-in user with at least one membership.
  app.use(requireLogin, requireMembership);
  app.use(tenantRoutes(), regionRoutes(), platformApiVersionRoutes(), platformAuditRoutes());
  // Tenant pages resolve the tenant and the user's role in it before any of their routes run.
  const tenantPages = express.Router({ mergeParams: true });
  tenantPages.use(loadTenant);
  tenantPages.use(
    tenantOverviewRoutes(settings),
    connectorRoutes(settings),
    connectorMappingRoutes(),
    apiClientRoutes(),
    runRoutes(),
    runActionRoutes(),
    exceptionRoutes(),
    dashboardRoutes(),
    entityRoutes(),
    legalEntityRoutes(),
    tenantApiVersionRoutes(),
    residencyRoutes(settings),
    tenantAuditRoutes(),
    tenantSettingsRoutes(),
  );
  app.use('/tenants/:slug', tenantPages);

  app.use(pageNotFound);
  app.use(errorPage);

  closers.set(app, sessions.close);
  return app;
}

// Closes the session store's database pool. Call it after the HTTP server has stopped.
export async function closePortalApp(app: express.Express): Promise<void> {
  await closers.get(app)?.();
  closers.delete(app);
}
