import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { loopbackOnly } from '../shared/loopback.ts';
import { sendKantataError } from './kantata-format.ts';
import type { PsaState } from './state.ts';
import { announceCompletion } from './story-routes.ts';

// PSA-only simulator controls under /_sim, beside the shared fault and state routes: register a
// webhook endpoint, and complete a milestone the way a delivery lead would in the PSA.
export function psaAdminRoutes(state: PsaState, log: Logger): Router {
  const router = express.Router();
  router.use(loopbackOnly);

  router.post('/webhooks', (req, res) => {
    const { url, secret } = (req.body ?? {}) as { url?: unknown; secret?: unknown };
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return sendKantataError(res, 422, 'url must be an http or https URL');
    if (typeof secret !== 'string' || !secret.startsWith('whsec_')) return sendKantataError(res, 422, 'secret must be a Standard Webhooks secret starting with whsec_');
    state.webhooks = [...state.webhooks.filter((endpoint) => endpoint.url !== url), { url, secret }];
    state.save();
    res.status(201).json({ url });
  });

  router.post('/stories/:id/complete', async (req, res) => {
    const story = state.stories.get(String(req.params.id));
    if (!story) return sendKantataError(res, 404, `Story ${String(req.params.id)} was not found`);
    if (story.state === 'completed') return sendKantataError(res, 422, `Story ${story.id} is already completed`);
    story.state = 'completed';
    story.completed_at = new Date().toISOString();
    story.updated_at = story.completed_at;
    state.save();
    const deliveries = await announceCompletion(state, story, log);
    res.json({ story, deliveries });
  });
  return router;
}
