import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { config } from '../../core/config.ts';
import { Problem, problems } from '../../core/problem.ts';
import { allowOnly } from '../http/method-not-allowed.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import { requestLogOf } from '../http/request-context.ts';
import { traceparentOf } from '../http/traceparent.ts';
import { IRONCLAD_EVENT_ID_HEADER, IRONCLAD_VERIFICATION_HEADER, verifyIroncladWebhook } from '../../connectors/clm/ironclad-webhook.ts';
import { recordDelivery, WORKFLOW_COMPLETED, type VerifiedDelivery } from './record-delivery.ts';
import { findWebhookSource, type WebhookSource } from './webhook-source.ts';

const EVENT_ID_HEADER = IRONCLAD_EVENT_ID_HEADER;
const MAX_EVENT_ID_LENGTH = 200;

// Each driver's signature check: returns why verification failed, or undefined when it passed.
const VERIFIERS: Record<string, (req: Request, rawBody: Buffer, key: string) => string | undefined> = {
  ironclad: (req, rawBody, key) => {
    const result = verifyIroncladWebhook({
      publicKeyPem: key,
      eventId: req.get(IRONCLAD_EVENT_ID_HEADER),
      verificationHeader: req.get(IRONCLAD_VERIFICATION_HEADER),
      rawBody,
    });
    return result.valid ? undefined : result.reason;
  },
};

// Every failure before the payload is trusted (unknown tenant or connector included) gets the
// same response, so a caller learns nothing about which slugs exist.
function rejectDelivery(log: Logger, reason: string): never {
  log.warn({ reason }, 'webhook rejected before storing anything');
  throw new ProblemWithHeaders(problems.unauthorized('The webhook could not be verified.'), { 'WWW-Authenticate': 'Signature realm="throughline-webhooks"' });
}

function verifySignature(source: WebhookSource, req: Request, rawBody: Buffer): string | undefined {
  const eventId = req.get(EVENT_ID_HEADER);
  if (!eventId || eventId.length > MAX_EVENT_ID_LENGTH) return 'event id header is missing or too long';
  const verifier = VERIFIERS[source.driver];
  if (!verifier) return `driver ${source.driver} has no webhook signature scheme`;
  return verifier(req, rawBody, source.verificationKey);
}

function invalidPayload(detail: string): Problem {
  return new Problem(400, 'invalid-webhook-payload', detail);
}

// Reads the signed body. The sender is verified by now, so a malformed body is its mistake: 400.
function readDelivery(req: Request, rawBody: Buffer): VerifiedDelivery {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw invalidPayload('The webhook body is not valid JSON.');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalidPayload('The webhook body is not a JSON object.');

  // Ironclad wraps the event: {companyID, webhookID, payload: {event, workflowID, templateID}}.
  const inner = (payload as { payload?: unknown }).payload;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw invalidPayload('The webhook body has no "payload" object.');
  const { event, workflowID } = inner as Record<string, unknown>;
  if (typeof event !== 'string' || event === '') throw invalidPayload('The webhook body has no "event" string.');
  if (event === WORKFLOW_COMPLETED && (typeof workflowID !== 'string' || workflowID === '')) {
    throw invalidPayload('A workflow_completed webhook must carry the "workflowID" string.');
  }
  return {
    externalEventId: req.get(EVENT_ID_HEADER) ?? '',
    eventType: event,
    payload: payload as Record<string, unknown>,
    workflowId: event === WORKFLOW_COMPLETED ? (workflowID as string) : undefined,
    traceparent: traceparentOf(req),
  };
}

async function receiveWebhook(req: Request, res: Response): Promise<void> {
  const { tenant: tenantSlug = '', connector: connectorSlug = '' } = req.params as Record<string, string | undefined>;
  const log = requestLogOf(res).child({ tenantSlug, connectorSlug });
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

  const found = await findWebhookSource(tenantSlug, connectorSlug);
  if ('failure' in found) rejectDelivery(log, found.failure);
  const { source } = found;
  const sourceLog = log.child({ tenantId: source.tenantId, connectorId: source.connectorId });
  const failure = verifySignature(source, req, rawBody);
  if (failure) rejectDelivery(sourceLog, failure);

  const delivery = readDelivery(req, rawBody);
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
