import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../../core/problem.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import type { VersionLifecycle, VersionRegistry } from './version-registry.ts';

// Tells clients where a version stands before any other check runs: a retired version answers
// 410 naming its successor, and a deprecated one carries Deprecation (RFC 9745), Sunset (RFC 8594)
// and Link headers on every response.

function successorLink(lifecycle: VersionLifecycle): string[] {
  return lifecycle.successor ? [`</${lifecycle.successor}/openapi.json>; rel="successor-version"; type="application/json"`] : [];
}

export function deprecationHeaders(lifecycle: VersionLifecycle): Record<string, string> {
  if (!lifecycle.deprecatedAt) return {};
  const links = [`</${lifecycle.version}/docs#lifecycle>; rel="deprecation"; type="text/html"`, ...successorLink(lifecycle)];
  return {
    Deprecation: `@${Math.floor(lifecycle.deprecatedAt.getTime() / 1000)}`,
    ...(lifecycle.sunsetAt ? { Sunset: lifecycle.sunsetAt.toUTCString() } : {}),
    Link: links.join(', '),
  };
}

export function retiredProblem(lifecycle: VersionLifecycle): ProblemWithHeaders {
  const next = lifecycle.successor ? ` Move to ${lifecycle.successor}; its document is at /${lifecycle.successor}/openapi.json.` : '';
  const problem = new Problem(410, 'version-retired', `API version ${lifecycle.version} is retired.${next}`, lifecycle.successor ? { successor: lifecycle.successor } : {});
  const links = successorLink(lifecycle);
  return new ProblemWithHeaders(problem, links.length > 0 ? { Link: links.join(', ') } : {});
}

export function applyVersionLifecycle(registry: VersionRegistry, version: string) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const lifecycle = await registry.lookup(version);
    if (lifecycle?.status === 'retired') throw retiredProblem(lifecycle);
    if (lifecycle) res.set(deprecationHeaders(lifecycle));
    next();
  };
}

// Answers 410 for a version the registry lists as retired whose code is no longer mounted.
export function rejectRetiredVersions(registry: VersionRegistry) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const match = /^\/(v\d+)(\/|$)/.exec(req.path);
    const lifecycle = match ? await registry.lookup(match[1]!) : undefined;
    if (lifecycle?.status === 'retired') throw retiredProblem(lifecycle);
    next();
  };
}
