import type { Response } from 'express';
import type { Logger } from 'pino';

// Per-request values that middleware stores on res.locals, with typed accessors so handlers never
// read an untyped key.

export interface Principal {
  clientId: string;
  tenantId: string;
  region: string;
  scopes: ReadonlySet<string>;
  tokenId: string;
  // The rate limit tier of the client, a key of GATEWAY_RATE_TIERS.
  tier: string;
}

export function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

export function requestLogOf(res: Response): Logger {
  return res.locals.log as Logger;
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('No principal on this request: mount the access token check before this handler.');
  return principal;
}

export function optionalPrincipalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

export function setPrincipal(res: Response, principal: Principal): void {
  res.locals.principal = principal;
  res.locals.log = requestLogOf(res).child({ tenantId: principal.tenantId, clientId: principal.clientId });
}
