import type { NextFunction, Request, Response } from 'express';
import { optionalPrincipalOf, requestLogOf } from './request-context.ts';

// Logs one line per finished request with its ids. The URL is logged without its query string,
// because a query may carry a cursor or other values that do not belong in logs.
export function logRequests(req: Request, res: Response, next: NextFunction): void {
  const started = Date.now();
  res.on('finish', () => {
    const principal = optionalPrincipalOf(res);
    const line = {
      method: req.method,
      path: req.path,
      status: res.statusCode,
      durationMs: Date.now() - started,
      ...(principal ? { tenantId: principal.tenantId, clientId: principal.clientId } : {}),
    };
    const log = requestLogOf(res);
    if (res.statusCode >= 500) log.error(line, 'request failed');
    else log.info(line, 'request handled');
  });
  next();
}
