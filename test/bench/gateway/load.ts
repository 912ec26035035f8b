// A bounded HTTP load loop for the gateway benchmark: a fixed number of requests, a fixed number
// in flight, and a time cap, all against 127.0.0.1.

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  latenciesMs: number[];
}

export interface LoadPlan {
  url: string;
  init: () => RequestInit;
  requests: number;
  concurrency: number;
  maxSeconds: number;
  expectedStatus: number;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  if (!plan.url.startsWith('http://127.0.0.1:')) throw new Error(`The benchmark targets 127.0.0.1 only, not ${plan.url}.`);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + plan.maxSeconds * 1000;

  const worker = async () => {
    while (next < plan.requests && performance.now() < deadline) {
      next += 1;
      const sent = performance.now();
      const response = await fetch(plan.url, plan.init());
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (response.status !== plan.expectedStatus) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));

  return summarize(latencies, failures, (performance.now() - started) / 1000);
}

function summarize(latencies: number[], failures: number, seconds: number): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: sorted.length, failures, seconds, perSecond: sorted.length / seconds, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), latenciesMs: sorted };
}

// Joins the runs of one path into one result: total requests over total time, and percentiles
// over every latency.
export function combine(results: LoadResult[]): LoadResult {
  const seconds = results.reduce((sum, result) => sum + result.seconds, 0);
  const failures = results.reduce((sum, result) => sum + result.failures, 0);
  return summarize(results.flatMap((result) => result.latenciesMs), failures, seconds);
}
