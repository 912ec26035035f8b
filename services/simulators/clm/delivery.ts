import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { signIroncladWebhook } from './signing.ts';
import type { ClmState, DeliveryAttempt, SimulatedWebhook, SimulatedWorkflow, WebhookDelivery } from './state.ts';

// Webhook delivery with a short retry schedule. Ironclad itself retries for hours; the simulator
// keeps the delays short so tests finish quickly, and records every attempt for them to read.

export interface DeliveryOptions {
  // Delays before the second, third, ... attempt. Their count is the number of retries.
  retryDelaysMs: number[];
  attemptTimeoutMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = { retryDelaysMs: [50, 200, 500], attemptTimeoutMs: 5000 };

export async function deliverWorkflowEvent(
  state: ClmState,
  webhook: SimulatedWebhook,
  workflow: SimulatedWorkflow,
  event: string,
  options: DeliveryOptions,
  log: Logger,
): Promise<WebhookDelivery> {
  const body = JSON.stringify({
    companyID: state.companyId,
    webhookID: webhook.id,
    payload: { event, workflowID: workflow.id, templateID: workflow.template },
    timestamp: new Date().toISOString(),
  });
  const delivery: WebhookDelivery = {
    eventId: randomUUID(),
    webhookId: webhook.id,
    targetURL: webhook.targetURL,
    event,
    workflowId: workflow.id,
    body,
    redelivery: false,
    delivered: false,
    attempts: [],
  };
  return send(state, delivery, options, log);
}

// Sends a past delivery again with the same event id and body, as a replay would arrive.
export async function redeliver(state: ClmState, past: WebhookDelivery, options: DeliveryOptions, log: Logger): Promise<WebhookDelivery> {
  const replay: WebhookDelivery = { ...past, redelivery: true, delivered: false, attempts: [] };
  return send(state, replay, options, log);
}

async function send(state: ClmState, delivery: WebhookDelivery, options: DeliveryOptions, log: Logger): Promise<WebhookDelivery> {
  state.deliveries.push(delivery);
  const ids = { eventId: delivery.eventId, webhookId: delivery.webhookId, workflowId: delivery.workflowId };

  for (let attempt = 0; attempt <= options.retryDelaysMs.length; attempt += 1) {
    if (attempt > 0) await sleep(options.retryDelaysMs[attempt - 1] ?? 0);
    const result = await post(state, delivery, options.attemptTimeoutMs);
    delivery.attempts.push(result);

    if (result.status !== undefined && result.status >= 200 && result.status < 300) {
      delivery.delivered = true;
      log.info({ ...ids, attempt: attempt + 1, status: result.status }, 'webhook delivered');
      break;
    }
    if (result.status === 410) {
      // Ironclad disables a webhook whose receiver responds with 410 Gone.
      state.webhooks.delete(delivery.webhookId);
      log.warn({ ...ids, status: 410 }, 'webhook receiver responded with 410 Gone, so the webhook was deleted');
      break;
    }
    if (result.status !== undefined && result.status < 500) {
      log.warn({ ...ids, status: result.status }, 'webhook receiver rejected the delivery; not retrying a 4xx');
      break;
    }
    log.warn({ ...ids, attempt: attempt + 1, status: result.status, error: result.error }, 'webhook delivery failed; retrying if attempts remain');
  }

  state.save();
  return delivery;
}

async function post(state: ClmState, delivery: WebhookDelivery, timeoutMs: number): Promise<DeliveryAttempt> {
  const at = new Date().toISOString();
  const signed = signIroncladWebhook(state.keyPair.privateKeyPem, delivery.eventId, delivery.body);
  try {
    const response = await fetch(delivery.targetURL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed.headers },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { at, status: response.status };
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return { at, error: cause?.code ?? (error as Error).message };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
