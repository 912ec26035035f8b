import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { config } from '../../core/config.ts';
import { problems } from '../../core/problem.ts';
import { ProblemWithHeaders } from './problem-headers.ts';

// /metrics shares the API's port, and its series name routes, statuses and process details, so a
// scraper must send "Authorization: Bearer <METRICS_TOKEN>". Without METRICS_TOKEN no request
// passes. Comparing digests takes the same time whatever the token's length or first wrong byte.

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function offeredToken(req: Request): string | undefined {
  const match = /^Bearer +(\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

export function requireMetricsToken(req: Request, _res: Response, next: NextFunction): void {
  const expected = config().gateway.metricsToken;
  const offered = offeredToken(req);
  if (expected !== '' && offered !== undefined && timingSafeEqual(digest(offered), digest(expected))) {
    next();
    return;
  }
  const problem = problems.unauthorized('Reading /metrics takes "Authorization: Bearer <token>" with the token set in METRICS_TOKEN on the gateway.');
  throw new ProblemWithHeaders(problem, { 'WWW-Authenticate': 'Bearer realm="throughline-metrics"' });
}
