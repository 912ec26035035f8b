import { Router } from 'express';
import { allowOnly } from '../http/method-not-allowed.ts';
import { publishedJwks } from './key-set.ts';
import { activeSigningKey } from './signing-keys.ts';

// Publishes the public keys of active and retiring signing keys (RFC 7517 JWK Set). Resource
// servers fetch it to verify access tokens, so it is public and may be cached briefly.
export function jwksRouter(): Router {
  const router = Router();
  router.route('/.well-known/jwks.json')
    .get(async (_req, res) => {
      // Makes sure a key exists, so the set a client fetches before its first token is not empty.
      await activeSigningKey();
      res.set('Cache-Control', 'public, max-age=300').type('application/jwk-set+json').send(JSON.stringify({ keys: await publishedJwks() }));
    })
    .all(allowOnly(['GET', 'HEAD']));
  return router;
}
