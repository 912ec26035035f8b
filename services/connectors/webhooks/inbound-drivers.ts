import { IRONCLAD_EVENT_ID_HEADER, IRONCLAD_VERIFICATION_HEADER, verifyIroncladWebhook } from '../clm/ironclad-webhook.ts';
import { isObject, type InboundDelivery, type InboundWebhookDriver } from './inbound-delivery.ts';
import { verifyStandardWebhook } from './standard-webhooks.ts';

// The webhook driver of each source system, by connector driver name.

// Ironclad's completed-workflow event. A workflow launched from an amendment template is an
// amendment of the workflow its `amendedWorkflowId` attribute names, so its completion is an
// amendment, not a new contract. Ironclad sends the template id in the event, which is how the
// gateway separates the two without calling Ironclad.
export const WORKFLOW_COMPLETED = 'workflow_completed';
const AMENDMENT_TEMPLATE = /amendment/i;

const ironclad: InboundWebhookDriver = {
  verify(headers, rawBody, key) {
    return verifyIroncladWebhook({
      publicKeyPem: key,
      eventId: headers.get(IRONCLAD_EVENT_ID_HEADER),
      verificationHeader: headers.get(IRONCLAD_VERIFICATION_HEADER),
      rawBody,
    });
  },

  // Ironclad wraps the event: {companyID, webhookID, payload: {event, workflowID, templateID}}.
  read(payload) {
    const inner = payload.payload;
    if (!isObject(inner)) return { invalid: 'The webhook body has no "payload" object.' };
    const { event, workflowID, templateID } = inner;
    if (typeof event !== 'string' || event === '') return { invalid: 'The webhook body has no "event" string.' };
    const delivery: InboundDelivery = { eventType: event, payload };
    if (event !== WORKFLOW_COMPLETED) return delivery;

    if (typeof workflowID !== 'string' || workflowID === '') return { invalid: 'A workflow_completed webhook must carry the "workflowID" string.' };
    const type = typeof templateID === 'string' && AMENDMENT_TEMPLATE.test(templateID) ? 'contract.amended' : 'contract.executed';
    return { ...delivery, trigger: { type, subject: workflowID, data: { origin: 'clm', workflowId: workflowID } } };
  },
};

// Kantata-style PSA events, signed per Standard Webhooks: {type, timestamp, data}. Only a
// completed milestone starts a flow; other stories are tasks.
const kantata: InboundWebhookDriver = {
  verify: verifyStandardWebhook,

  read(payload) {
    const { type, data } = payload;
    if (typeof type !== 'string' || type === '') return { invalid: 'The webhook body has no "type" string.' };
    if (!isObject(data)) return { invalid: 'The webhook body has no "data" object.' };
    const delivery: InboundDelivery = { eventType: type, payload };
    if (type !== 'story.completed' || data.story_type !== 'milestone') return delivery;

    const storyId = String(data.story_id ?? '');
    const workspaceId = String(data.workspace_id ?? '');
    if (!storyId || !workspaceId) return { invalid: 'A story.completed webhook must carry data.story_id and data.workspace_id.' };
    return { ...delivery, trigger: { type: 'milestone.completed', subject: storyId, data: { origin: 'psa', storyId, workspaceId } } };
  },
};

// A generic source that signs per Standard Webhooks. Its `contract.executed` event names a
// contract already stored through the API, and starts its activation.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const standardWebhooks: InboundWebhookDriver = {
  verify: verifyStandardWebhook,

  read(payload) {
    const { type, data } = payload;
    if (typeof type !== 'string' || type === '') return { invalid: 'The webhook body has no "type" string.' };
    const delivery: InboundDelivery = { eventType: type, payload };
    if (type !== 'contract.executed') return delivery;
    const contractId = isObject(data) ? data.contractId : undefined;
    if (typeof contractId !== 'string' || !UUID.test(contractId)) return { invalid: 'A contract.executed webhook must carry data.contractId, the UUID of a contract stored through the API.' };
    return { ...delivery, trigger: { type: 'contract.executed', subject: contractId, data: { origin: 'api', contractId } } };
  },
};

const DRIVERS: Record<string, InboundWebhookDriver> = { ironclad, kantata, 'standard-webhooks': standardWebhooks };

export function inboundWebhookDriver(driver: string): InboundWebhookDriver | undefined {
  return DRIVERS[driver];
}
