import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from './faults.ts';

// Bearer token check for a simulator's public API. Comparing fixed-length digests keeps the
// comparison constant-time whatever the token length.
export function bearerAuth(apiToken: string, errorBody: ErrorBody) {
  const expected = digest(apiToken);
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) {
      next();
      return;
    }
    res.status(401).json(errorBody(401, 'Missing or invalid bearer token. Send Authorization: Bearer <token>.'));
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
