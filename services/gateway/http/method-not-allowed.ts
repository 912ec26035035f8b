import type { RequestHandler } from 'express';
import { Problem } from '../../core/problem.ts';
import { ProblemWithHeaders } from './problem-headers.ts';

// Ends a route whose path matched but whose method did not, with 405 and the Allow header.
export function allowOnly(methods: string[]): RequestHandler {
  const allow = methods.join(', ');
  return (req) => {
    // originalUrl keeps the prefix a router was mounted on, such as /v1, which req.path drops.
    const path = req.originalUrl.split('?')[0];
    const problem = new Problem(405, 'method-not-allowed', `${req.method} is not allowed on ${path}. Allowed methods: ${allow}.`);
    throw new ProblemWithHeaders(problem, { Allow: allow });
  };
}
