import { Problem, problems } from '../../../core/problem.ts';
import { listExceptions, replayRun, resolveException, retryRun, RunActionError, type Actor } from '../../../workers/run-actions.ts';
import { arraySchema, dateTimeSchema, enumSchema, inputTextSchema, nullable, objectSchema, textSchema, uuidSchema } from '../../openapi/schema-parts.ts';
import type { ApiRequest, ApiResponse, RouteDefinition } from '../route-table.ts';
import { pathId } from './ids.ts';

// What an admin's program can do to a stopped run: retry its failed step, replay it from a chosen
// step (or first read the plan of such a replay), list exceptions and resolve one with a note. The
// work lives in services/workers/run-actions.ts, which the portal calls too; these handlers only
// translate HTTP to it and its errors to problem details.

const STEP_NAME = textSchema(100, { pattern: '^[a-z][a-z0-9-]*$' });

const FLOW_VERSION = { type: 'integer', format: 'int32', minimum: 1, maximum: 100000 };

const replaySchema = objectSchema({ fromStep: STEP_NAME });
const replayPlanQuerySchema = { ...objectSchema({ fromStep: STEP_NAME }), additionalProperties: false };
const resolveSchema = objectSchema({ note: inputTextSchema(2000) });
const listExceptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: enumSchema(['open', 'resolved']),
    runId: uuidSchema,
    limit: { type: 'integer', format: 'int32', minimum: 1, maximum: 100, default: 50 },
  },
} as const;

const plannedStepSchema = objectSchema({
  position: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000 },
  name: textSchema(100),
  status: textSchema(20),
  action: enumSchema(['keep', 'run', 'skip']),
  reason: textSchema(300),
  externalId: textSchema(200),
}, ['position', 'name', 'status', 'action', 'reason']);

const planSchema = objectSchema({
  runId: uuidSchema,
  flow: textSchema(100),
  flowVersion: FLOW_VERSION,
  latestVersion: FLOW_VERSION,
  fromStep: textSchema(100),
  steps: arraySchema(plannedStepSchema, 100),
}, ['runId', 'flow', 'flowVersion', 'fromStep', 'steps']);

const exceptionSchema = objectSchema({
  id: uuidSchema,
  runId: uuidSchema,
  stepName: textSchema(100),
  error: textSchema(5000),
  payloadRef: textSchema(500),
  suggestedAction: textSchema(1000),
  status: enumSchema(['open', 'resolved']),
  resolutionNote: nullable(textSchema(2200)),
  createdAt: dateTimeSchema,
  resolvedAt: nullable(dateTimeSchema),
});

function actorOf(request: ApiRequest): Actor {
  return { id: `client:${request.principal.clientId}`, requestId: request.requestId };
}

function scopeOf(request: ApiRequest) {
  return { tenantId: request.principal.tenantId, region: request.principal.region };
}

// Runs an action and turns its refusals into problem details the client can act on.
async function perform<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof RunActionError)) throw error;
    if (error.kind === 'not-found') throw new Problem(404, 'not-found', error.message);
    if (error.kind === 'conflict') throw problems.conflict(error.message);
    throw new Problem(422, 'invalid-run-action', error.message);
  }
}

async function retry(request: ApiRequest): Promise<ApiResponse> {
  const runId = pathId(request.params.id, 'Run');
  const result = await perform(() => retryRun(scopeOf(request), runId, actorOf(request)));
  request.log.info({ runId, retriedSteps: result.retriedSteps, eventId: result.eventId }, 'run retry requested');
  return { status: 202, body: result };
}

async function replay(request: ApiRequest): Promise<ApiResponse> {
  const runId = pathId(request.params.id, 'Run');
  const { fromStep } = request.body as { fromStep: string };
  const result = await perform(() => replayRun(scopeOf(request), runId, fromStep, actorOf(request), { dryRun: false }));
  request.log.info({ runId, fromStep, flowVersion: result.plan.flowVersion, eventId: result.eventId }, 'run replay requested');
  return { status: 202, body: result };
}

async function replayPlan(request: ApiRequest): Promise<ApiResponse> {
  const runId = pathId(request.params.id, 'Run');
  const { fromStep } = request.query as { fromStep: string };
  const { plan } = await perform(() => replayRun(scopeOf(request), runId, fromStep, actorOf(request), { dryRun: true }));
  return { status: 200, body: plan };
}

async function resolve(request: ApiRequest): Promise<ApiResponse> {
  const exceptionId = pathId(request.params.id, 'Exception');
  const { note } = request.body as { note: string };
  const exception = await perform(() => resolveException(scopeOf(request), exceptionId, note, actorOf(request)));
  request.log.info({ exceptionId, runId: exception.runId }, 'exception resolved');
  return { status: 200, body: exception };
}

async function list(request: ApiRequest): Promise<ApiResponse> {
  const { status, runId, limit } = request.query as { status?: 'open' | 'resolved'; runId?: string; limit: number };
  const data = await listExceptions(scopeOf(request), { status, runId, limit });
  return { status: 200, body: { data } };
}

export const RUN_ACTION_ROUTES: RouteDefinition[] = [
  {
    operationId: 'retryRun', summary: 'Retry the failed step of a run, and any step compensation undid', method: 'post', path: '/runs/:id/retry',
    scope: 'runs:write', successStatus: 202, responseSchema: objectSchema({ runId: uuidSchema, flowVersion: FLOW_VERSION, retriedSteps: arraySchema(textSchema(100), 100), eventId: uuidSchema }), handler: retry,
  },
  {
    operationId: 'replayRun', summary: 'Replay a run from a chosen step on the flow version it started on', method: 'post', path: '/runs/:id/replay',
    scope: 'runs:write', successStatus: 202, requestSchema: replaySchema, responseSchema: objectSchema({ plan: planSchema, eventId: uuidSchema }), handler: replay,
  },
  {
    operationId: 'getReplayPlan', summary: 'Show which steps a replay from a chosen step would run or skip, calling nothing', method: 'get', path: '/runs/:id/replay-plan',
    scope: 'runs:read', querySchema: replayPlanQuerySchema, responseSchema: planSchema, handler: replayPlan,
  },
  {
    operationId: 'listExceptions', summary: 'List workflow exceptions, newest first, by status or run', method: 'get', path: '/exceptions',
    scope: 'runs:read', querySchema: listExceptionsSchema, responseSchema: objectSchema({ data: arraySchema(exceptionSchema, 100) }), handler: list,
  },
  {
    operationId: 'resolveException', summary: 'Resolve an exception with a note; the run stays failed', method: 'post', path: '/exceptions/:id/resolve',
    scope: 'exceptions:write', successStatus: 200, requestSchema: resolveSchema, responseSchema: exceptionSchema, handler: resolve,
  },
];
