import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { loopbackOnly } from '../shared/loopback.ts';
import { deliverWorkflowEvent, redeliver, type DeliveryOptions } from './delivery.ts';
import { ironcladError, presentWorkflow } from './public-routes.ts';
import { newObjectId, type ClmState, type SimulatedWorkflow } from './state.ts';

// Simulator-only routes under /_sim: they stand in for people using Ironclad (launching and
// completing workflows) and let tests replay deliveries and inspect state. Loopback callers only.

export function adminRoutes(state: ClmState, delivery: DeliveryOptions, log: Logger): Router {
  const router = express.Router();
  router.use(loopbackOnly);
  router.post('/workflows', (req, res) => createWorkflow(state, req, res));
  router.post('/workflows/:id/execute', (req, res) => executeWorkflow(state, delivery, log, req, res));
  router.post('/webhooks/:eventId/redeliver', (req, res) => redeliverEvent(state, delivery, log, req, res));
  router.get('/state', (_req, res) => {
    res.json({
      companyId: state.companyId,
      workflows: [...state.workflows.values()],
      webhooks: [...state.webhooks.values()],
      deliveries: state.deliveries,
    });
  });
  return router;
}

function createWorkflow(state: ClmState, req: Request, res: Response): void {
  const body = (req.body ?? {}) as { title?: unknown; template?: unknown; attributes?: unknown };
  if (typeof body.title !== 'string' || body.title.trim() === '') {
    return ironcladError(res, 400, 'INVALID_PARAM', 'title is required and must be a non-empty string.', 'title');
  }
  if (body.attributes !== undefined && (typeof body.attributes !== 'object' || body.attributes === null || Array.isArray(body.attributes))) {
    return ironcladError(res, 400, 'INVALID_PARAM', 'attributes must be an object of attribute ids to values.', 'attributes');
  }

  const now = new Date().toISOString();
  const workflow: SimulatedWorkflow = {
    id: newObjectId(),
    ironcladId: state.nextIroncladId(),
    title: body.title,
    template: typeof body.template === 'string' ? body.template : 'professional-services-agreement',
    status: 'active',
    step: 'Review',
    created: now,
    lastUpdated: now,
    attributes: structuredClone((body.attributes ?? {}) as Record<string, unknown>),
  };
  state.workflows.set(workflow.id, workflow);
  state.save();
  res.status(201).json(presentWorkflow(workflow));
}

async function executeWorkflow(state: ClmState, options: DeliveryOptions, log: Logger, req: Request, res: Response): Promise<void> {
  const workflow = state.findWorkflow(String(req.params.id));
  if (!workflow) return ironcladError(res, 404, 'NOT_FOUND', `Workflow ${String(req.params.id)} was not found.`, 'id');

  workflow.status = 'completed';
  workflow.step = 'Archive';
  workflow.lastUpdated = new Date().toISOString();
  state.save();
  log.info({ workflowId: workflow.id }, 'workflow executed');

  const subscribed = [...state.webhooks.values()].filter((webhook) => webhook.events.includes('workflow_completed'));
  const deliveries = await Promise.all(
    subscribed.map((webhook) => deliverWorkflowEvent(state, webhook, workflow, 'workflow_completed', options, log)),
  );
  res.json({ workflow: presentWorkflow(workflow), deliveries });
}

async function redeliverEvent(state: ClmState, options: DeliveryOptions, log: Logger, req: Request, res: Response): Promise<void> {
  const eventId = String(req.params.eventId);
  const past = state.deliveries.find((delivery) => delivery.eventId === eventId);
  if (!past) return ironcladError(res, 404, 'NOT_FOUND', `No delivery with event id ${eventId} was made.`, 'eventId');

  const replay = await redeliver(state, past, options, log);
  res.json(replay);
}
