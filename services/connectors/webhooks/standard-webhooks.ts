import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { HeaderReader, Verification } from './inbound-delivery.ts';

// Signature checks and signing per the Standard Webhooks specification (standardwebhooks.com):
// HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>", base64 in webhook-signature as
// "v1,<signature>", with the key given as "whsec_<base64>". The library also rejects timestamps
// more than five minutes from now, which stops replays of old deliveries.

export const STANDARD_WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

export function verifyStandardWebhook(headers: HeaderReader, rawBody: Buffer, secret: string): Verification {
  const values: Record<string, string> = {};
  for (const name of STANDARD_WEBHOOK_HEADERS) {
    const value = headers.get(name);
    if (!value) return { valid: false, reason: `missing ${name} header` };
    values[name] = value;
  }
  try {
    new Webhook(secret).verify(rawBody.toString('utf8'), values, { jsonParse: false });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { valid: false, reason: error.message };
    return { valid: false, reason: `signature check failed: ${(error as Error).message}` };
  }
  return { valid: true, eventId: values['webhook-id']! };
}

// Returns the three headers of a signed delivery, for outbound partner deliveries and tests.
export function signStandardWebhook(secret: string, messageId: string, body: string, at: Date = new Date()): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}
