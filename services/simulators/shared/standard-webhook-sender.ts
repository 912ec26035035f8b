import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';

// Sends events the way the Standard Webhooks specification describes: a JSON body of
// {type, timestamp, data}, signed with HMAC-SHA256 over "<id>.<timestamp>.<body>" and sent with
// the webhook-id, webhook-timestamp and webhook-signature headers. Failed sends retry a few
// times with short delays, and every attempt is kept for tests to read.

export interface WebhookEndpoint {
  url: string;
  // "whsec_" followed by the base64 key, as the specification prints secrets.
  secret: string;
}

export interface SentWebhook {
  messageId: string;
  url: string;
  type: string;
  body: string;
  attempts: { at: string; status?: number; error?: string }[];
  delivered: boolean;
}

export const SEND_RETRY_DELAYS_MS = [50, 200, 500];

export async function sendStandardWebhook(endpoint: WebhookEndpoint, type: string, data: unknown, log: Logger, messageId: string = `msg_${randomUUID()}`): Promise<SentWebhook> {
  const now = new Date();
  const body = JSON.stringify({ type, timestamp: now.toISOString(), data });
  const sent: SentWebhook = { messageId, url: endpoint.url, type, body, attempts: [], delivered: false };

  for (let attempt = 0; attempt <= SEND_RETRY_DELAYS_MS.length && !sent.delivered; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, SEND_RETRY_DELAYS_MS[attempt - 1]));
    const at = new Date();
    const signature = new Webhook(endpoint.secret).sign(messageId, at, body);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': messageId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(5_000),
      });
      await response.body?.cancel();
      sent.attempts.push({ at: at.toISOString(), status: response.status });
      sent.delivered = response.ok;
      if (response.status >= 400 && response.status < 500) break;
    } catch (error) {
      sent.attempts.push({ at: at.toISOString(), error: (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message });
    }
  }
  log.info({ messageId, type, url: endpoint.url, delivered: sent.delivered, attempts: sent.attempts.length }, 'webhook sent');
  return sent;
}
