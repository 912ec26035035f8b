import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { getDocument, insertDocument, listDocuments, updateDocument } from './documents.ts';
import type { ActiveFault, ErpFaultInjector } from './faults.ts';
import { FrappeError, frappeErrorBody } from './frappe-error.ts';
import type { RequestLog } from './request-log.ts';
import type { ErpStore } from './store.ts';

// Frappe's resource API under /api: token auth, then create, read, update and list, each passed
// through the fault injector first.

export interface ResourceContext {
  store: ErpStore;
  faults: ErpFaultInjector;
  requests: RequestLog;
  apiKey: string;
  apiSecret: string;
  log: Logger;
}

interface ActionResult {
  status: number;
  body: unknown;
}

type Action = (req: Request) => ActionResult;

export function resourceRoutes(context: ResourceContext): Router {
  const router = express.Router();
  router.use(context.requests.middleware());
  router.use(tokenAuth(context.apiKey, context.apiSecret));

  const { store } = context;
  router.get('/resource/:doctype', withFaults(context, (req) => ok(listDocuments(store, doctypeOf(req), req.query as Record<string, unknown>))));
  router.post('/resource/:doctype', withFaults(context, (req) => ok(insertDocument(store, doctypeOf(req), req.body))));
  router.get('/resource/:doctype/:name', withFaults(context, (req) => ok(getDocument(store, doctypeOf(req), String(req.params.name)))));
  router.put('/resource/:doctype/:name', withFaults(context, (req) => ok(updateDocument(store, doctypeOf(req), String(req.params.name), req.body))));
  return router;
}

function doctypeOf(req: Request): string {
  return String(req.params.doctype);
}

function ok(data: unknown): ActionResult {
  return { status: 200, body: { data } };
}

function tokenAuth(apiKey: string, apiSecret: string) {
  const expected = digest(`${apiKey}:${apiSecret}`);
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^token (.+)$/i.exec(req.get('authorization') ?? '');
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) {
      next();
      return;
    }
    res.status(401).json(frappeErrorBody('AuthenticationError', 'Missing or invalid API credentials. Send Authorization: token <api_key>:<api_secret>.'));
  };
}

// Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function withFaults(context: ResourceContext, action: Action) {
  return async (req: Request, res: Response) => {
    const fault = context.faults.takeFor(req.method, doctypeOf(req));
    if (fault) {
      res.locals.faultId = fault.id;
      context.log.info({ faultId: fault.id, method: req.method, doctype: doctypeOf(req), status: fault.status }, 'fault rule applied');
    }

    if (fault && !fault.afterCommit) {
      await sleep(fault.delayMs ?? 0);
      if (fault.status !== undefined) return sendFault(res, fault);
    }
    const result = run(action, req, context.log);
    if (fault?.afterCommit) {
      await sleep(fault.delayMs ?? 0);
      if (fault.status !== undefined) return sendFault(res, fault);
    }
    res.status(result.status).json(result.body);
  };
}

function run(action: Action, req: Request, log: Logger): ActionResult {
  try {
    return action(req);
  } catch (error) {
    if (error instanceof FrappeError) return { status: error.status, body: error.toBody() };
    log.error({ err: error, method: req.method, path: req.path }, 'ERP simulator request failed');
    return { status: 500, body: frappeErrorBody('ValidationError', 'The simulator failed to handle the request.') };
  }
}

function sendFault(res: Response, fault: ActiveFault): void {
  if (fault.retryAfterSeconds !== undefined) res.set('Retry-After', String(fault.retryAfterSeconds));
  res.status(fault.status!).json(frappeErrorBody('SimulatedFault', `Simulated fault ${fault.id}: HTTP ${fault.status}`));
}

// Unref'd so a pending delay never keeps a stopping process alive.
function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
