import { createPrivateKey, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

// Webhook signing as Ironclad documents it: RSA-SHA256 over the event id, the raw body and a random
// nonce, concatenated in that order, sent base64-encoded in a JSON header next to the event id.

export const EVENT_ID_HEADER = 'X-Ironclad-Webhook-Event-Id';
export const VERIFICATION_HEADER = 'X-Ironclad-Webhook-Verification';

export interface IroncladVerification {
  nonce: string;
  signAlgorithm: 'RSA-SHA256';
  signature: string;
  encoding: 'base64';
}

export interface SignedWebhook {
  headers: Record<string, string>;
  verification: IroncladVerification;
}

// Signs `body` (the exact string sent) for delivery. Tests call it with their own key or a
// changed body to forge deliveries that must fail verification.
export function signIroncladWebhook(
  privateKey: KeyObject | string,
  eventId: string,
  body: string,
  nonce: string = randomBytes(16).toString('hex'),
): SignedWebhook {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const signer = createSign('RSA-SHA256');
  signer.update(eventId + body + nonce, 'utf8');
  const verification: IroncladVerification = {
    nonce,
    signAlgorithm: 'RSA-SHA256',
    signature: signer.sign(key, 'base64'),
    encoding: 'base64',
  };
  return {
    headers: { [EVENT_ID_HEADER]: eventId, [VERIFICATION_HEADER]: JSON.stringify(verification) },
    verification,
  };
}

export interface WebhookKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function createWebhookKeyPair(): WebhookKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
