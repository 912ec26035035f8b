import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { logger } from '../services/core/logger.ts';

const base = () => logger('portal');

// Gives each request an id (echoed in X-Request-Id and on error pages) and logs one line when the
// response finishes. The path is logged without its query string, which may hold the sign-in code.
export const requestContext: RequestHandler = (req, res, next) => {
  const requestId = randomUUID();
  const started = process.hrtime.bigint();
  res.locals.requestId = requestId;
  res.locals.log = base().child({ requestId });
  res.setHeader('X-Request-Id', requestId);

  res.on('finish', () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    requestLog(res).info({ method: req.method, path: req.path, status: res.statusCode, durationMs: Math.round(durationMs) }, 'request finished');
  });
  next();
};

// The request's logger with the signed-in user and the tenant in scope, when there are any.
export function requestLog(res: Response): Logger {
  const log = (res.locals.log as Logger | undefined) ?? base();
  const ids: Record<string, string> = {};
  const userId = res.req.user?.id;
  const tenantId = (res.locals.tenant as { id?: string } | undefined)?.id;
  if (userId) ids.userId = userId;
  if (tenantId) ids.tenantId = tenantId;
  return log.child(ids);
}
