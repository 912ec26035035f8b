import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { loopbackOnly } from './loopback.ts';
import { readFaultRules, type FaultInjector, type FaultRule } from './faults.ts';

// The fault rule routes under /_sim: add, list and clear. Loopback callers only, because they
// need no credentials. `readRules` checks a POST body and returns the rules or a message.
export function faultRoutes<Rule extends { method: string; times: number }>(
  faults: FaultInjector<Rule>,
  log: Logger,
  readRules: (body: unknown) => Rule[] | string,
): Router {
  const router = express.Router();
  router.use(loopbackOnly);

  router.post('/faults', (req, res) => {
    const rules = readRules(req.body);
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
  return router;
}

// The admin routes the CRM and PSA simulators share under /_sim: fault rules, a state dump and
// a reset.
export function simulatorAdminRoutes(faults: FaultInjector<FaultRule>, state: { snapshot(): unknown; reset(): void }, log: Logger): Router {
  const router = express.Router();
  router.use(faultRoutes(faults, log, readFaultRules));
  router.get('/state', (_req, res) => {
    res.json({ ...(state.snapshot() as object), faults: faults.list() });
  });
  router.post('/reset', (_req, res) => {
    state.reset();
    faults.clear();
    res.status(204).end();
  });
  return router;
}
