import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { faultRoutes } from '../shared/fault-routes.ts';
import { loopbackOnly } from '../shared/loopback.ts';
import { readFaultRules, type ErpFaultInjector } from './faults.ts';
import type { RequestLog } from './request-log.ts';
import type { ErpStore } from './store.ts';

// Simulator-only routes under /_sim: fault rules, a state dump and a reset. Loopback callers only.
export function adminRoutes(store: ErpStore, faults: ErpFaultInjector, requests: RequestLog, log: Logger): Router {
  const router = express.Router();
  router.use(loopbackOnly);
  router.use(faultRoutes(faults, log, readFaultRules));

  router.get('/state', (_req, res) => {
    res.json({ ...store.snapshot(), ...requests.snapshot(), faults: faults.list() });
  });

  // Empties records, the request log and fault rules, so each test starts from nothing.
  router.post('/reset', (_req, res) => {
    store.reset();
    requests.clear();
    faults.clear();
    res.status(204).end();
  });

  return router;
}
