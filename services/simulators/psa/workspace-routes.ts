import express, { type Request, type Response, type Router } from 'express';
import { bodyObject, check, firstProblem, kantataBody, sendKantataError } from './kantata-format.ts';
import type { PsaState, SimulatedResource, SimulatedWorkspace } from './state.ts';

// Workspaces (Kantata's projects) and workspace resources (the roles staffed on them).

export function workspaceRoutes(state: PsaState): Router {
  const router = express.Router();
  router.get('/workspaces', (req, res) => {
    const reference = typeof req.query.external_reference === 'string' ? req.query.external_reference : undefined;
    const rows = [...state.workspaces.values()].filter((row) => reference === undefined || row.external_reference === reference);
    res.json(kantataBody('workspaces', rows));
  });
  router.get('/workspaces/:id', (req, res) => {
    const row = state.workspaces.get(String(req.params.id));
    if (!row) return sendKantataError(res, 404, `Workspace ${String(req.params.id)} was not found`);
    res.json(kantataBody('workspaces', [row]));
  });
  router.post('/workspaces', (req, res) => createWorkspace(state, req, res));
  router.put('/workspaces/:id', (req, res) => updateWorkspace(state, req, res));
  router.get('/workspace_resources', (req, res) => {
    const workspaceId = typeof req.query.workspace_id === 'string' ? req.query.workspace_id : undefined;
    res.json(kantataBody('workspace_resources', [...state.resources.values()].filter((row) => workspaceId === undefined || row.workspace_id === workspaceId)));
  });
  router.post('/workspace_resources', (req, res) => createResource(state, req, res));
  router.put('/workspace_resources/:id', (req, res) => updateResource(state, req, res));
  return router;
}

function workspaceProblem(input: Record<string, unknown>, creating: boolean): string | undefined {
  return firstProblem(
    check.text(input, 'title', creating),
    check.text(input, 'description', false),
    check.date(input, 'start_date'),
    check.date(input, 'due_date'),
    check.cents(input, 'price_in_cents', false),
    input.currency === undefined || (typeof input.currency === 'string' && /^[A-Z]{3}$/.test(input.currency)) ? undefined : 'currency must be an ISO 4217 code',
    input.archived === undefined || typeof input.archived === 'boolean' ? undefined : 'archived must be true or false',
  );
}

function createWorkspace(state: PsaState, req: Request, res: Response): void {
  const input = bodyObject(req.body, 'workspace');
  if (!input) return sendKantataError(res, 422, 'The body must hold a "workspace" object');
  const problem = workspaceProblem(input, true);
  if (problem) return sendKantataError(res, 422, problem);

  const now = new Date().toISOString();
  const row: SimulatedWorkspace = {
    id: state.newId(),
    title: String(input.title),
    description: typeof input.description === 'string' ? input.description : '',
    start_date: (input.start_date as string | undefined) ?? null,
    due_date: (input.due_date as string | undefined) ?? null,
    currency: (input.currency as string | undefined) ?? 'USD',
    price_in_cents: (input.price_in_cents as number | undefined) ?? 0,
    archived: false,
    external_reference: typeof input.external_reference === 'string' ? input.external_reference : null,
    created_at: now,
    updated_at: now,
  };
  state.workspaces.set(row.id, row);
  state.save();
  res.json(kantataBody('workspaces', [row]));
}

function updateWorkspace(state: PsaState, req: Request, res: Response): void {
  const row = state.workspaces.get(String(req.params.id));
  if (!row) return sendKantataError(res, 404, `Workspace ${String(req.params.id)} was not found`);
  const input = bodyObject(req.body, 'workspace');
  if (!input) return sendKantataError(res, 422, 'The body must hold a "workspace" object');
  const problem = workspaceProblem(input, false);
  if (problem) return sendKantataError(res, 422, problem);

  for (const field of ['title', 'description', 'start_date', 'due_date', 'price_in_cents', 'archived'] as const) {
    if (input[field] !== undefined) Object.assign(row, { [field]: input[field] });
  }
  row.updated_at = new Date().toISOString();
  state.save();
  res.json(kantataBody('workspaces', [row]));
}

function resourceProblem(state: PsaState, input: Record<string, unknown>, creating: boolean): string | undefined {
  return firstProblem(
    creating && !state.workspaces.has(String(input.workspace_id)) ? `workspace_id ${String(input.workspace_id)} does not name a workspace` : undefined,
    check.text(input, 'role_name', creating),
    check.cents(input, 'bill_rate_in_cents', creating),
    input.rate_unit === undefined || input.rate_unit === 'hour' || input.rate_unit === 'day' ? undefined : 'rate_unit must be "hour" or "day"',
  );
}

function createResource(state: PsaState, req: Request, res: Response): void {
  const input = bodyObject(req.body, 'workspace_resource');
  if (!input) return sendKantataError(res, 422, 'The body must hold a "workspace_resource" object');
  const problem = resourceProblem(state, input, true);
  if (problem) return sendKantataError(res, 422, problem);

  const row: SimulatedResource = {
    id: state.newId(),
    workspace_id: String(input.workspace_id),
    role_name: String(input.role_name),
    bill_rate_in_cents: input.bill_rate_in_cents as number,
    rate_unit: (input.rate_unit as 'hour' | 'day' | undefined) ?? 'hour',
    created_at: new Date().toISOString(),
  };
  state.resources.set(row.id, row);
  state.save();
  res.json(kantataBody('workspace_resources', [row]));
}

function updateResource(state: PsaState, req: Request, res: Response): void {
  const row = state.resources.get(String(req.params.id));
  if (!row) return sendKantataError(res, 404, `Workspace resource ${String(req.params.id)} was not found`);
  const input = bodyObject(req.body, 'workspace_resource');
  if (!input) return sendKantataError(res, 422, 'The body must hold a "workspace_resource" object');
  const problem = resourceProblem(state, input, false);
  if (problem) return sendKantataError(res, 422, problem);
  if (input.bill_rate_in_cents !== undefined) row.bill_rate_in_cents = input.bill_rate_in_cents as number;
  if (input.rate_unit !== undefined) row.rate_unit = input.rate_unit as 'hour' | 'day';
  state.save();
  res.json(kantataBody('workspace_resources', [row]));
}
