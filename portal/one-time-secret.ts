import type { Request } from 'express';
import { decryptSecret, encryptSecret } from '../services/core/crypto.ts';

// A newly issued API client secret waits in the session between the form post and the page that
// shows it, so reloading that page cannot post the form again. The session row sits in the control
// database, so the secret is kept there encrypted under the master key, bound to this session and
// client, and the first page load removes it.

/** The details that the secret page shows beside the secret. */
export interface SecretDetails {
  heading: string;
  name?: string;
  scopes?: string[];
  /** ISO 8601 time until which the previous secret keeps working, after a rotation. */
  previousValidUntil?: string;
}

export interface PendingSecret extends SecretDetails {
  tenantId: string;
  sealedSecret: string;
}

function associatedData(req: Request, clientId: string): string {
  return `one-time-secret:${req.sessionID}:${clientId}`;
}

// Keeps the secret for one later page load. Each client has its own entry, so two clients created
// in two tabs both get their page.
export function keepSecretForOneView(req: Request, tenantId: string, clientId: string, secret: string, details: SecretDetails): void {
  const pending = req.session.pendingSecrets ?? {};
  pending[clientId] = { ...details, tenantId, sealedSecret: encryptSecret(secret, associatedData(req, clientId)) };
  req.session.pendingSecrets = pending;
}

// Removes the client's pending secret from the session and returns it with its details, or
// returns undefined when it was already shown or belongs to another tenant.
export function takeSecret(req: Request, tenantId: string, clientId: string): (SecretDetails & { secret: string }) | undefined {
  const pending = req.session.pendingSecrets?.[clientId];
  if (!pending || pending.tenantId !== tenantId) return undefined;

  delete req.session.pendingSecrets![clientId];
  const { sealedSecret, tenantId: _tenantId, ...details } = pending;
  return { ...details, secret: decryptSecret(sealedSecret, associatedData(req, clientId)) };
}
