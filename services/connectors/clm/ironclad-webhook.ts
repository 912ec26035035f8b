import { createPublicKey, verify } from 'node:crypto';

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

  // Concatenating bytes, not decoded text, keeps the check exact even for a body that is not UTF-8.
  const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody, 'utf8') : request.rawBody;
  const signed = Buffer.concat([Buffer.from(request.eventId, 'utf8'), body, Buffer.from(verification.nonce, 'utf8')]);
  try {
    const key = createPublicKey(request.publicKeyPem);
    if (key.asymmetricKeyType !== 'rsa') return { valid: false, reason: `connector key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA` };
    if (!verify('sha256', signed, key, Buffer.from(verification.signature, 'base64'))) return { valid: false, reason: 'signature does not match' };
  } catch (error) {
    return { valid: false, reason: `signature check failed: ${(error as Error).message}` };
  }
  return { valid: true, eventId: request.eventId };
}
