import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { AccountDirectory } from './accounts.ts';
import { errorPage, logoutPage, signedOutPage } from './pages.ts';

// The ID token and userinfo carry the email and name, which the portal maps to its admin users.
const CLAIMS = { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] };

// A fresh signing key and cookie key at every start: tokens from a previous run stop verifying,
// which is what a throwaway development provider should do.
function signingKeys() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: randomBytes(8).toString('hex') }] };
}

function findAccount(directory: AccountDirectory): Configuration['findAccount'] {
  return (_ctx, subject) => {
    const account = directory.find(subject);
    if (!account) return undefined;
    const accountId = account.email.toLowerCase();
    return {
      accountId,
      claims: () => ({ sub: accountId, email: account.email, email_verified: true, name: account.name }),
    };
  };
}

function renderHtml(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.body = html;
}

export function createProvider(issuer: string, clients: ClientMetadata[], directory: AccountDirectory): Provider {
  return new Provider(issuer, {
    clients,
    findAccount: findAccount(directory),
    claims: CLAIMS,
    scopes: ['openid', 'email', 'profile'],
    responseTypes: ['code'],
    // PKCE for every client, confidential ones included, so a stolen code alone is useless.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => renderHtml(ctx, logoutPage(form, ctx.host)),
        postLogoutSuccessSource: (ctx) => renderHtml(ctx, signedOutPage()),
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Lifetimes in seconds: a sign-in form stays valid for 10 minutes and a session for a work day.
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 3600, IdToken: 3600 },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: signingKeys(),
    renderError: (ctx, out) => renderHtml(ctx, errorPage({ ...out })),
  });
}
