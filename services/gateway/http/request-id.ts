import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { logger } from '../../core/logger.ts';

const log = logger('gateway');

// A caller's id is kept only when it is short and plain, because it ends up in logs and headers.
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Takes the caller's X-Request-Id or makes one, echoes it, and gives the request a logger that
// carries it on every line.
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const offered = req.get('x-request-id');
  const requestId = offered && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();

  res.locals.requestId = requestId;
  res.locals.log = log.child({ requestId });
  res.set('X-Request-Id', requestId);
  next();
}
