import type { Request } from 'express';
import * as client from 'openid-client';
import { Strategy, type AuthenticateOptions } from 'openid-client/passport';
import type { PortalSettings } from '../options.ts';
import { recordSignIn, type SignIn } from './sign-in.ts';

export const STRATEGY_NAME = 'oidc';

// The openid-client strategy sends PKCE on every request but adds state only when the provider
// does not advertise PKCE. This subclass always adds state and nonce as well, and the strategy
// then checks both in the callback, so a response from another sign-in attempt is rejected.
class PortalOidcStrategy extends Strategy {
  override authorizationRequestParams<TOptions extends AuthenticateOptions>(req: Request, options: TOptions) {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options));
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    return params;
  }
}

type Tokens = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

// Reads email and name from the ID token, or from the userinfo endpoint when the provider keeps
// them out of the ID token (oidc-provider does so by default for the code flow).
async function identityClaims(oidc: client.Configuration, tokens: Tokens): Promise<Record<string, unknown>> {
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('The token response has no ID token.');
  if (typeof idClaims.email === 'string') return idClaims;
  const userInfo = await client.fetchUserInfo(oidc, tokens.access_token, idClaims.sub);
  return { ...userInfo, ...idClaims };
}

export function oidcStrategy(oidc: client.Configuration, settings: PortalSettings): Strategy {
  return new PortalOidcStrategy(
    {
      config: oidc,
      name: STRATEGY_NAME,
      sessionKey: 'oidcAuthorization',
      scope: 'openid email profile',
      callbackURL: `${settings.baseUrl}/auth/callback`,
    },
    (tokens, verified) => {
      identityClaims(oidc, tokens)
        .then((claims) => recordSignIn(claims))
        .then((user) => {
          if (!user) return verified(null, false, { message: 'The identity provider returned no verified email address.' });
          const signIn: SignIn = { ...user, idToken: tokens.id_token ?? '' };
          return verified(null, signIn);
        })
        .catch((error: unknown) => verified(error));
    },
  );
}
