import { createPublicKey, createVerify } from 'node:crypto';

// Verification of Ironclad webhook signatures: RSA-SHA256 over event id + raw body + nonce, checked
// against the public key Ironclad publishes at /public/api/v1/webhooks/verification-key.
// https://developer.ironcladapp.com/reference/webhook-verification

export const IRONCLAD_EVENT_ID_HEADER = 'x-ironclad-webhook-event-id';
export const IRONCLAD_VERIFICATION_HEADER = 'x-ironclad-webhook-verification';

export type WebhookVerification = { valid: true; eventId: string } | { valid: false; reason: string };

export interface IroncladWebhookRequest {
  publicKeyPem: string;
  eventId: string | undefined;
  verificationHeader: string | undefined;
  // The body exactly as received; re-serialized JSON would not match the signature.
  rawBody: Buffer | string;
}

export function verifyIroncladWebhook(request: IroncladWebhookRequest): WebhookVerification {
  if (!request.eventId) return { valid: false, reason: `missing ${IRONCLAD_EVENT_ID_HEADER} header` };
  if (!request.verificationHeader) return { valid: false, reason: `missing ${IRONCLAD_VERIFICATION_HEADER} header` };

  let verification: { nonce?: unknown; signAlgorithm?: unknown; signature?: unknown; encoding?: unknown };
  try {
    verification = JSON.parse(request.verificationHeader) as typeof verification;
  } catch {
    return { valid: false, reason: `${IRONCLAD_VERIFICATION_HEADER} is not valid JSON` };
  }
  if (typeof verification.nonce !== 'string' || typeof verification.signature !== 'string') {
    return { valid: false, reason: `${IRONCLAD_VERIFICATION_HEADER} lacks nonce or signature` };
  }
  if (verification.signAlgorithm !== 'RSA-SHA256' || verification.encoding !== 'base64') {
    return { valid: false, reason: `unsupported signature scheme ${String(verification.signAlgorithm)}/${String(verification.encoding)}` };
  }

  const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody, 'utf8') : request.rawBody;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(Buffer.from(request.eventId, 'utf8'));
  verifier.update(body);
  verifier.update(Buffer.from(verification.nonce, 'utf8'));
  const key = createPublicKey(request.publicKeyPem);
  if (!verifier.verify(key, verification.signature, 'base64')) return { valid: false, reason: 'signature does not match' };
  return { valid: true, eventId: request.eventId };
}
