import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

// One registry per process: tests build many apps in one process, and prom-client refuses to
// register the same metric name twice.
const registry = new Registry();
collectDefaultMetrics({ register: registry });

const labelNames = ['method', 'route', 'status'] as const;

const requestCount = new Counter({
  name: 'gateway_http_requests_total',
  help: 'HTTP requests handled by the gateway, by method, route pattern and status code.',
  labelNames,
  registers: [registry],
});

const requestDuration = new Histogram({
  name: 'gateway_http_request_duration_seconds',
  help: 'Time from receiving an HTTP request to finishing its response, in seconds.',
  labelNames,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

// The route pattern, not the URL, is the label, so ids in paths do not create a series each.
function routeLabel(req: Request, res: Response): string {
  const declared = res.locals.route as string | undefined;
  if (declared) return declared;
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

export function measureRequests(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const labels = { method: req.method, route: routeLabel(req, res), status: String(res.statusCode) };
    requestCount.inc(labels);
    requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
}

export async function serveMetrics(_req: Request, res: Response): Promise<void> {
  res.set('Content-Type', registry.contentType).send(await registry.metrics());
}
