import { Router } from 'express';
import { controlDatabase } from '../../core/database.ts';
import { Problem } from '../../core/problem.ts';
import { requestLogOf } from './request-context.ts';
import { allowOnly } from './method-not-allowed.ts';

const READINESS_TIMEOUT_MS = 2_000;

async function pingControlDatabase(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`control database did not respond within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    await Promise.race([controlDatabase().query('SELECT 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Liveness means the process serves HTTP. Readiness also needs the control database, because no
// token can be issued or checked without it.
export function healthRouter(): Router {
  const router = Router();

  router.route('/healthz')
    .get((_req, res) => {
      res.json({ status: 'ok' });
    })
    .all(allowOnly(['GET', 'HEAD']));

  router.route('/readyz')
    .get(async (_req, res) => {
      try {
        await pingControlDatabase();
      } catch (error) {
        requestLogOf(res).warn({ err: error }, 'readiness check failed: control database unavailable');
        throw new Problem(503, 'not-ready', 'The gateway cannot reach its control database yet. Retry shortly.');
      }
      res.json({ status: 'ready' });
    })
    .all(allowOnly(['GET', 'HEAD']));

  return router;
}
