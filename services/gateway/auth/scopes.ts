import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../../core/problem.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import { principalOf } from '../http/request-context.ts';

// The scopes an API client can hold. Each operation in a route table names the one it requires.
export const SCOPES = ['customers:read', 'customers:write', 'contracts:read', 'contracts:write', 'runs:read', 'usage:read', 'runs:write', 'exceptions:write', 'tax:quote'] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

// Rejects a request whose token lacks any of the scopes, naming the first one missing in the
// problem and, as RFC 6750 section 3.1 describes, in the WWW-Authenticate header.
export function requireScopes(required: readonly string[]) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const held = principalOf(res).scopes;
    const missing = required.find((scope) => !held.has(scope));
    if (missing === undefined) {
      next();
      return;
    }
    const problem = new Problem(403, 'insufficient-scope', `The access token lacks the scope "${missing}" that this operation requires. Request a token with that scope.`, { requiredScope: missing });
    throw new ProblemWithHeaders(problem, {
      'WWW-Authenticate': `Bearer realm="throughline", error="insufficient_scope", scope="${required.join(' ')}"`,
    });
  };
}
