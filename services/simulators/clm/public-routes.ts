import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { newObjectId, type ClmState, type SimulatedWorkflow } from './state.ts';

// The part of Ironclad's public REST API (/public/api/v1) that Throughline calls: read a workflow,
// update its attributes, and manage webhooks.

// Event types a webhook may subscribe to. The simulator only ever sends workflow_completed.
const KNOWN_EVENTS = new Set([
  'workflow_launched',
  'workflow_updated',
  'workflow_completed',
  'workflow_cancelled',
  'workflow_signed',
  'workflow_approval_status_changed',
  'workflow_comment_added',
]);

export interface PublicRouteOptions {
  apiToken: string;
  // Hosts a webhook target URL may name; the simulator delivers nowhere else.
  webhookHosts: string[];
}

export function ironcladError(res: Response, status: number, code: string, message: string, param?: string): void {
  res.status(status).json({ code, message, ...(param ? { param } : {}) });
}

export function publicRoutes(state: ClmState, options: PublicRouteOptions): Router {
  const router = express.Router();
  router.use(bearerAuth(options.apiToken));
  router.get('/workflows/:id', (req, res) => getWorkflow(state, req, res));
  router.patch('/workflows/:id/attributes', (req, res) => updateAttributes(state, req, res));
  router.get('/webhooks/verification-key', (_req, res) => {
    res.type('text/plain').send(state.keyPair.publicKeyPem);
  });
  router.post('/webhooks', (req, res) => createWebhook(state, options.webhookHosts, req, res));
  router.get('/webhooks', (_req, res) => listWebhooks(state, res));
  router.delete('/webhooks/:id', (req, res) => deleteWebhook(state, req, res));
  return router;
}

function bearerAuth(apiToken: string) {
  const expected = digest(apiToken);
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) {
      next();
      return;
    }
    ironcladError(res, 401, 'UNAUTHORIZED', 'Missing or invalid bearer token. Send Authorization: Bearer <API token>.');
  };
}

// Comparing fixed-length digests keeps the comparison constant-time whatever the token length.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function getWorkflow(state: ClmState, req: Request, res: Response): void {
  const workflow = state.findWorkflow(String(req.params.id));
  if (!workflow) return ironcladError(res, 404, 'NOT_FOUND', `Workflow ${String(req.params.id)} was not found.`, 'id');
  res.json(presentWorkflow(workflow));
}

export function presentWorkflow(workflow: SimulatedWorkflow): SimulatedWorkflow {
  return structuredClone(workflow);
}

function updateAttributes(state: ClmState, req: Request, res: Response): void {
  const workflow = state.findWorkflow(String(req.params.id));
  if (!workflow) return ironcladError(res, 404, 'NOT_FOUND', `Workflow ${String(req.params.id)} was not found.`, 'id');

  const body = (req.body ?? {}) as { updates?: unknown; comment?: unknown };
  const changes = readUpdates(body.updates);
  if (typeof changes === 'string') return ironcladError(res, 400, 'INVALID_PARAM', changes, 'updates');
  if (body.comment !== undefined && typeof body.comment !== 'string') {
    return ironcladError(res, 400, 'INVALID_PARAM', 'comment must be a string.', 'comment');
  }

  // NOTE: real Ironclad accepts attribute updates only while a workflow is in its Review step. The
  // simulator accepts them in any step, because Throughline writes status back after completion.
  for (const change of changes) {
    if (change.action === 'remove') delete workflow.attributes[change.path];
    else workflow.attributes[change.path] = change.value;
  }
  workflow.lastUpdated = new Date().toISOString();
  state.save();
  res.json(presentWorkflow(workflow));
}

interface AttributeChange {
  action: 'set' | 'remove';
  path: string;
  value?: unknown;
}

// Accepts Ironclad's documented list form ([{action, path, value}]) and a plain object of
// attribute names to values. Returns the changes, or a message naming what is invalid.
function readUpdates(updates: unknown): AttributeChange[] | string {
  if (Array.isArray(updates)) {
    const changes: AttributeChange[] = [];
    for (const [index, item] of updates.entries()) {
      const change = item as Partial<AttributeChange> | null;
      if (!change || (change.action !== 'set' && change.action !== 'remove') || typeof change.path !== 'string' || change.path === '') {
        return `updates[${index}] must be {action: "set" | "remove", path: <attribute id>, value}.`;
      }
      changes.push({ action: change.action, path: change.path, value: change.value });
    }
    return changes.length > 0 ? changes : 'updates must not be empty.';
  }
  if (updates && typeof updates === 'object') {
    const entries = Object.entries(updates as Record<string, unknown>);
    if (entries.length === 0) return 'updates must not be empty.';
    return entries.map(([path, value]) => ({ action: 'set', path, value }));
  }
  return 'updates is required: a list of {action, path, value} or an object of attribute values.';
}

function createWebhook(state: ClmState, webhookHosts: string[], req: Request, res: Response): void {
  const body = (req.body ?? {}) as { events?: unknown; targetURL?: unknown };
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0 || !events.every((event) => typeof event === 'string' && KNOWN_EVENTS.has(event))) {
    return ironcladError(res, 400, 'INVALID_PARAM', `events must be a non-empty list drawn from: ${[...KNOWN_EVENTS].join(', ')}.`, 'events');
  }
  const checked = checkTargetUrl(body.targetURL, webhookHosts);
  if (checked.error !== undefined) return ironcladError(res, 400, 'INVALID_PARAM', checked.error, 'targetURL');
  const targetURL = checked.url;
  if ([...state.webhooks.values()].some((webhook) => webhook.targetURL === targetURL)) {
    return ironcladError(res, 400, 'INVALID_PARAM', `A webhook for ${targetURL} already exists; delete it before registering again.`, 'targetURL');
  }

  const webhook = { id: newObjectId(), events: [...new Set(events as string[])], targetURL, created: new Date().toISOString() };
  state.webhooks.set(webhook.id, webhook);
  state.save();
  res.status(201).json({ ...webhook, company: state.companyId });
}

function checkTargetUrl(value: unknown, webhookHosts: string[]): { url: string; error?: undefined } | { url?: undefined; error: string } {
  if (typeof value !== 'string') return { error: 'targetURL is required.' };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { error: `targetURL "${value}" is not a valid URL.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'targetURL must use http or https.' };
  if (!webhookHosts.includes(parsed.hostname)) {
    return { error: `targetURL host ${parsed.hostname} is not allowed; the simulator delivers only to ${webhookHosts.join(', ')}.` };
  }
  return { url: parsed.toString() };
}

function listWebhooks(state: ClmState, res: Response): void {
  const list = [...state.webhooks.values()].map((webhook) => ({ ...webhook, company: state.companyId }));
  res.json({ page: 0, pageSize: list.length, count: list.length, list });
}

function deleteWebhook(state: ClmState, req: Request, res: Response): void {
  const id = String(req.params.id);
  if (!state.webhooks.delete(id)) return ironcladError(res, 404, 'NOT_FOUND', `Webhook ${id} was not found.`, 'id');
  state.save();
  res.status(204).end();
}
