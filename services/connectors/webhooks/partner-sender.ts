import { ConnectorError } from '../errors.ts';
import { requestJson } from '../http.ts';
import { signStandardWebhook } from './standard-webhooks.ts';

// Sends one platform event to a partner endpoint as a Standard Webhooks message: a JSON body of
// {type, timestamp, data} with webhook-id, webhook-timestamp and webhook-signature headers. The
// call passes the egress guard like every connector call. Any 2xx response is a delivery.

export interface PartnerMessage {
  url: string;
  secret: string;
  // Stays the same across retries and resends, so the partner can drop repeats.
  messageId: string;
  type: string;
  occurredAt: string;
  data: unknown;
}

export type SendOutcome = { delivered: true; status: number } | { delivered: false; status?: number; error: string; retryable: boolean };

export const PARTNER_TIMEOUT_MS = 10_000;

export async function sendPartnerMessage(message: PartnerMessage): Promise<SendOutcome> {
  const body = { type: message.type, timestamp: message.occurredAt, data: message.data };
  const signed = signStandardWebhook(message.secret, message.messageId, JSON.stringify(body));
  try {
    // requestJson serializes the body with JSON.stringify, as signing did, so the signed bytes match.
    const response = await requestJson({
      system: 'partner-endpoint', operation: 'deliverEvent', method: 'POST', url: new URL(message.url),
      headers: signed, body, timeoutMs: PARTNER_TIMEOUT_MS, ignoreResponseBody: true,
    });
    return { delivered: true, status: response.status };
  } catch (error) {
    if (error instanceof ConnectorError) return { delivered: false, status: error.status, error: error.message, retryable: error.retryable };
    throw error;
  }
}
