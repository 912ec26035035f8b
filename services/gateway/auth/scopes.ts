import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../../core/problem.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import { principalOf } from '../http/request-context.ts';

// The scopes an API client can hold. Each operation in a route table names the one it requires.
export const SCOPES = ['customers:read', 'customers:write', 'contracts:read', 'contracts:write', 'runs:read'] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

// Rejects a request whose token lacks the scope, naming it in the problem and, as RFC 6750
// section 3.1 describes, in the WWW-Authenticate header.
export function requireScope(scope: Scope) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (principalOf(res).scopes.has(scope)) {
      next();
      return;
    }
    const problem = new Problem(403, 'insufficient-scope', `The access token lacks the scope "${scope}" that this operation requires. Request a token with that scope.`, { requiredScope: scope });
    throw new ProblemWithHeaders(problem, {
      'WWW-Authenticate': `Bearer realm="throughline", error="insufficient_scope", scope="${scope}"`,
    });
  };
}
