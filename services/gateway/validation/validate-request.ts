import type { RequestHandler } from 'express';
import type { Validator } from './validators.ts';

export function validateBody(validator: Validator): RequestHandler {
  return (req, _res, next) => {
    const problem = validator(req.body);
    if (problem) throw problem;
    next();
  };
}

// Validates a copy of the query, because coercion rewrites values and Express 5 makes req.query read-only.
export function validateQuery(validator: Validator): RequestHandler {
  return (req, res, next) => {
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    const problem = validator(query);
    if (problem) throw problem;
    res.locals.query = query;
    next();
  };
}
