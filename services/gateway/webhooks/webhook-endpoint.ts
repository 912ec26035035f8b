import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { config } from '../../core/config.ts';
import { Problem, problems } from '../../core/problem.ts';
import { allowOnly } from '../http/method-not-allowed.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import { requestLogOf } from '../http/request-context.ts';
import { traceparentOf } from '../http/traceparent.ts';
import { inboundWebhookDriver } from '../../connectors/webhooks/inbound-drivers.ts';
import type { Verification } from '../../connectors/webhooks/inbound-delivery.ts';
import { findUnstorableText } from '../validation/storable-text.ts';
import { recordDelivery, type VerifiedDelivery } from './record-delivery.ts';
import { findWebhookSource, type WebhookSource } from './webhook-source.ts';

const MAX_EVENT_ID_LENGTH = 200;
// The id of the object a delivery is about, such as Ironclad's workflowID, becomes the event's
// subject and is stored and logged, so it is bounded like the event id.
const MAX_SUBJECT_LENGTH = 200;

// Every failure before the payload is trusted (unknown tenant or connector included) gets the
// same response, so a caller learns nothing about which slugs exist.
function rejectDelivery(log: Logger, reason: string): never {
  log.warn({ reason }, 'webhook rejected before storing anything');
  throw new ProblemWithHeaders(problems.unauthorized('The webhook could not be verified.'), { 'WWW-Authenticate': 'Signature realm="throughline-webhooks"' });
}

// Checks the signature with the connector driver's scheme. The event id comes from the signed
// headers, so a forged delivery cannot claim another delivery's id.
function verifySignature(source: WebhookSource, req: Request, rawBody: Buffer): Verification {
  const driver = inboundWebhookDriver(source.driver);
  if (!driver) return { valid: false, reason: `driver ${source.driver} has no webhook signature scheme` };
  const verification = driver.verify({ get: (name) => req.get(name) }, rawBody, source.verificationKey);
  if (verification.valid && (verification.eventId === '' || verification.eventId.length > MAX_EVENT_ID_LENGTH)) {
    return { valid: false, reason: 'event id header is empty or too long' };
  }
  return verification;
}

function invalidPayload(detail: string): Problem {
  return new Problem(400, 'invalid-webhook-payload', detail);
}

// Reads the signed body. The sender is verified by now, so a malformed body is its mistake: 400.
function readDelivery(source: WebhookSource, req: Request, rawBody: Buffer, externalEventId: string): VerifiedDelivery {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw invalidPayload('The webhook body is not valid JSON.');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalidPayload('The webhook body is not a JSON object.');
  const unstorable = findUnstorableText(payload);
  if (unstorable !== undefined) {
    throw invalidPayload(`The webhook body contains a NUL (\\u0000) or unpaired surrogate character at ${unstorable.slice(0, 100)}, which cannot be stored. Remove it and send the webhook again.`);
  }

  const read = inboundWebhookDriver(source.driver)!.read(payload as Record<string, unknown>);
  if ('invalid' in read) throw invalidPayload(read.invalid);
  const subjectLength = read.trigger?.subject.length ?? 0;
  if (subjectLength > MAX_SUBJECT_LENGTH) {
    throw invalidPayload(`The id of the object this webhook is about (such as workflowID) is ${subjectLength} characters long; the maximum is ${MAX_SUBJECT_LENGTH}.`);
  }
  return { externalEventId, eventType: read.eventType, payload: read.payload, trigger: read.trigger, traceparent: traceparentOf(req) };
}

async function receiveWebhook(req: Request, res: Response): Promise<void> {
  const { tenant: tenantSlug = '', connector: connectorSlug = '' } = req.params as Record<string, string | undefined>;
  const log = requestLogOf(res).child({ tenantSlug, connectorSlug });
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

  const found = await findWebhookSource(tenantSlug, connectorSlug);
  if ('failure' in found) rejectDelivery(log, found.failure);
  const { source } = found;
  const sourceLog = log.child({ tenantId: source.tenantId, connectorId: source.connectorId });
  const verification = verifySignature(source, req, rawBody);
  if (!verification.valid) rejectDelivery(sourceLog, verification.reason);

  const delivery = readDelivery(source, req, rawBody, verification.eventId);
  const outcome = await recordDelivery(source, delivery);
  sourceLog.info({ externalEventId: delivery.externalEventId, eventType: delivery.eventType, outcome }, 'webhook handled');

  if (outcome.status === 'duplicate') res.status(200).json({ status: 'duplicate' });
  else res.status(202).json({ status: outcome.status, eventId: outcome.inboundEventId });
}

// POST /hooks/:tenant/:connector. The body is read as raw bytes, because the signature covers
// exactly the bytes that were sent, and nothing is stored until it is verified.
export function webhookRouter(): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: config().gateway.maxBodyBytes });
  router.route('/:tenant/:connector')
    .post(rawBody, receiveWebhook)
    .all(allowOnly(['POST']));
  return router;
}
