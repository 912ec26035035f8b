import { Router, type Request, type Response } from 'express';
import { allowOnly } from '../http/method-not-allowed.ts';
import { requestLogOf } from '../http/request-context.ts';
import { tokenLifetimeFor } from '../policies/tenant-api-policy.ts';
import { readClientCredentials } from './client-credentials.ts';
import { issueAccessToken } from './issue-access-token.ts';
import { OAuthError } from './oauth-error.ts';
import { tokenForm } from './token-form.ts';
import { authenticateClient, grantScopes, requireActiveClient, requireActiveTenant, requireClientCredentialsGrant } from './token-policy.ts';

// The form as strings. RFC 6749 section 3.2 forbids repeating a parameter, and the
// urlencoded parser turns a repeated parameter into an array, so an array is rejected here.
function readForm(req: Request): Record<string, string> {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request', 'Send the token request as application/x-www-form-urlencoded.');
  }
  const form: Record<string, string> = {};
  for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `The parameter ${name} appears more than once.`);
    form[name] = value;
  }
  return form;
}

async function handleTokenRequest(req: Request, res: Response): Promise<void> {
  const form = readForm(req);
  const credentials = readClientCredentials(req.get('authorization'), form);
  const client = await authenticateClient(credentials);
  requireActiveClient(client);
  const tenant = await requireActiveTenant(client);
  requireClientCredentialsGrant(form);
  const scopes = grantScopes(client, form.scope);

  const lifetimeSeconds = await tokenLifetimeFor(tenant.id);
  const issued = await issueAccessToken({ clientId: client.clientId, tenantId: tenant.id, scopes, lifetimeSeconds });
  requestLogOf(res).info({ clientId: client.clientId, tenantId: tenant.id, tokenId: issued.tokenId, scope: scopes.join(' '), method: credentials.method }, 'access token issued');

  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
    access_token: issued.token,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    scope: scopes.join(' '),
  });
}

export function tokenRouter(): Router {
  const router = Router();
  router.route('/oauth/token')
    .post(tokenForm(), handleTokenRequest)
    .all(allowOnly(['POST']));
  return router;
}
