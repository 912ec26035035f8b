import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { loopbackOnly } from '../shared/loopback.ts';
import { readFaultRules, type FaultInjector } from './faults.ts';
import type { RequestLog } from './request-log.ts';
import type { ErpStore } from './store.ts';

// Simulator-only routes under /_sim: fault rules, a state dump and a reset. Loopback callers only.
export function adminRoutes(store: ErpStore, faults: FaultInjector, requests: RequestLog, log: Logger): Router {
  const router = express.Router();
  router.use(loopbackOnly);

  router.post('/faults', (req, res) => {
    const rules = readFaultRules(req.body);
    if (typeof rules === 'string') {
      res.status(400).json({ message: rules });
      return;
    }
    const added = faults.add(rules);
    log.info({ faultIds: added.map((fault) => fault.id) }, 'fault rules added');
    res.status(201).json({ faults: added });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: faults.list() });
  });

  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });

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
