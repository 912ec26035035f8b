import { Router } from 'express';
import type { RateTier } from '../../core/config.ts';
import { requireAccessToken } from '../auth/verify-access-token.ts';
import { allowOnly } from '../http/method-not-allowed.ts';
import { enforceRateLimits } from '../limits/rate-limits.ts';
import { recordUsage } from '../limits/usage-recorder.ts';
import type { ApiVersionSpec } from '../openapi/api-version-spec.ts';
import { REFERENCE_PAGE_CSS, renderReferencePage } from '../openapi/reference-page.ts';
import { mountOperations } from '../routes/mount-operations.ts';
import { documentOf } from './catalog.ts';
import { enforceTenantVersionPolicy } from './tenant-version-policy.ts';
import { applyVersionLifecycle } from './version-lifecycle.ts';
import type { VersionRegistry } from './version-registry.ts';

export interface VersionRouterOptions {
  registry: VersionRegistry;
  rateTiers?: Record<string, RateTier>;
}

// One version's router. The order is the policy: lifecycle first (a retired version answers 410
// to everyone), then the public document and reference page, then the token, the tenant's version
// policy, the client's rate limit and usage count, and last the operations with their scopes.
export function versionRouter(spec: ApiVersionSpec, options: VersionRouterOptions): Router {
  const document = documentOf(spec);
  const serialized = JSON.stringify(document);
  const router = Router();

  router.use(applyVersionLifecycle(options.registry, spec.name));
  router.route('/openapi.json')
    .get((_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').type('application/json').send(serialized);
    })
    .all(allowOnly(['GET', 'HEAD']));
  router.route('/docs')
    .get(async (_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').type('text/html').send(renderReferencePage(document, await options.registry.lookup(spec.name)));
    })
    .all(allowOnly(['GET', 'HEAD']));
  router.route('/docs.css')
    .get((_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').type('text/css').send(REFERENCE_PAGE_CSS);
    })
    .all(allowOnly(['GET', 'HEAD']));

  router.use(requireAccessToken, enforceTenantVersionPolicy(spec.name), enforceRateLimits(options.rateTiers), recordUsage(spec.name));
  mountOperations(router, `/${spec.name}`, spec.routes, document);
  return router;
}
