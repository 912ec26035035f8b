import express from 'express';
import { listen, type RunningServer } from '../../../services/simulators/shared/listen.ts';

// A local webhook endpoint for tests: it keeps each request's raw body and headers, and responds
// with the statuses queued in `responses` (then 200).

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface WebhookReceiver extends RunningServer {
  received: ReceivedWebhook[];
  responses: number[];
  hookUrl: string;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const responses: number[] = [];
  const app = express();
  app.post('/hooks/clm', express.raw({ type: '*/*' }), (req, res) => {
    received.push({ headers: req.headers, rawBody: req.body as Buffer });
    res.status(responses.shift() ?? 200).json({ ok: true });
  });
  const running = await listen(app, '127.0.0.1', 0);
  return { ...running, received, responses, hookUrl: `${running.url}/hooks/clm` };
}
