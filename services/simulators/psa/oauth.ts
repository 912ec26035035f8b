import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { kantataErrorBody } from './kantata-format.ts';

// OAuth 2.0 for the PSA simulator: a client credentials token endpoint and the bearer check on
// the API. Tokens live in memory and lapse after their lifetime, so a client must cache them
// and ask again. Kantata's own API takes OAuth bearer tokens too.

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
}

export class TokenIssuer {
  private tokens = new Map<string, number>();
  issued = 0;

  constructor(private readonly client: OAuthClient) {}

  routes(): Router {
    const router = express.Router();
    router.post('/token', express.urlencoded({ extended: false }), (req, res) => this.issue(req, res));
    return router;
  }

  requireToken() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      const expiresAt = token === undefined ? undefined : this.tokens.get(token);
      if (expiresAt !== undefined && expiresAt > Date.now()) {
        next();
        return;
      }
      res.status(401).json(kantataErrorBody(401, 'Missing, unknown or expired access token. Request one at /oauth/token.'));
    };
  }

  private issue(req: Request, res: Response): void {
    const [clientId, clientSecret] = credentialsOf(req);
    if (clientId !== this.client.clientId || clientSecret !== this.client.clientSecret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
      return;
    }
    if ((req.body as { grant_type?: string } | undefined)?.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' });
      return;
    }
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, Date.now() + this.client.tokenLifetimeSeconds * 1000);
    this.issued += 1;
    res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: this.client.tokenLifetimeSeconds });
  }
}

// Client credentials from HTTP Basic (RFC 6749, section 2.3.1) or, failing that, the form body.
function credentialsOf(req: Request): [string | undefined, string | undefined] {
  const basic = /^Basic (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
  }
  const body = (req.body ?? {}) as { client_id?: string; client_secret?: string };
  return [body.client_id, body.client_secret];
}
