import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { config, type RateTier } from '../../core/config.ts';
import { Problem } from '../../core/problem.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import { principalOf, requestLogOf } from '../http/request-context.ts';
import { redis } from './redis-client.ts';

// Per-client rate limits (a one-minute window) and daily quotas (a UTC day), counted in Redis so
// they hold across gateway copies. Counters are keyed by tenant and client, so one client's flood
// uses up only its own allowance. If Redis fails, each copy counts in memory instead: limits then
// hold per copy, which is looser but keeps the API up.

interface TierLimiters {
  tier: RateTier;
  minute: RateLimiterRedis;
  day: RateLimiterRedis;
}

const DAY_SECONDS = 86_400;

function limiter(name: string, points: number, duration: number): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis(),
    keyPrefix: `${config().redis.keyPrefix}rate:${name}`,
    points,
    duration,
    insuranceLimiter: new RateLimiterMemory({ points, duration }),
  });
}

function secondsToUtcMidnight(now = new Date()): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}

function policyHeader(tier: RateTier): string {
  return `"minute";q=${tier.perMinute};w=60, "day";q=${tier.perDay};w=${DAY_SECONDS}`;
}

function stateHeader(minute: RateLimiterRes, day: RateLimiterRes | undefined): string {
  const seconds = (result: RateLimiterRes) => Math.ceil(result.msBeforeNext / 1000);
  const parts = [`"minute";r=${minute.remainingPoints};t=${seconds(minute)}`];
  if (day) parts.push(`"day";r=${day.remainingPoints};t=${seconds(day)}`);
  return parts.join(', ');
}

function tooManyRequests(code: 'rate-limited' | 'quota-exceeded', rejection: RateLimiterRes, headers: Record<string, string>): ProblemWithHeaders {
  const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  const detail = code === 'rate-limited'
    ? `The client exceeded its requests per minute. Retry after ${retryAfter} seconds.`
    : `The client used up its daily quota. It resets at midnight UTC, in ${retryAfter} seconds.`;
  return new ProblemWithHeaders(new Problem(429, code, detail), { ...headers, 'Retry-After': String(retryAfter) });
}

async function consume(target: RateLimiterRedis, key: string, duration?: number): Promise<RateLimiterRes | { rejected: RateLimiterRes }> {
  try {
    return await target.consume(key, 1, duration ? { customDuration: duration } : {});
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { rejected: rejection };
    throw rejection;
  }
}

export function enforceRateLimits(tiers: Record<string, RateTier> = config().gateway.rateTiers) {
  const byTier = new Map<string, TierLimiters>();
  const limitersFor = (name: string): TierLimiters => {
    let found = byTier.get(name);
    if (!found) {
      const tier = tiers[name]!;
      found = { tier, minute: limiter(`${name}:minute`, tier.perMinute, 60), day: limiter(`${name}:day`, tier.perDay, DAY_SECONDS) };
      byTier.set(name, found);
    }
    return found;
  };
  const fallbackTier = tiers.standard ? 'standard' : Object.keys(tiers)[0]!;

  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const { tenantId, clientId, tier: clientTier } = principalOf(res);
    if (!tiers[clientTier]) requestLogOf(res).warn({ tier: clientTier, fallbackTier }, 'client tier is not configured in GATEWAY_RATE_TIERS; applying the fallback tier');
    const limiters = limitersFor(tiers[clientTier] ? clientTier : fallbackTier);
    const key = `${tenantId}:${clientId}`;
    const headers: Record<string, string> = { 'RateLimit-Policy': policyHeader(limiters.tier) };

    const dayKey = `${key}:${new Date().toISOString().slice(0, 10)}`;
    const minute = await consume(limiters.minute, key);
    if ('rejected' in minute) {
      // A rejected call does not count against the daily quota, so the day window is read, not consumed.
      const dayState = await limiters.day.get(dayKey);
      throw tooManyRequests('rate-limited', minute.rejected, { ...headers, RateLimit: stateHeader(minute.rejected, dayState ?? undefined) });
    }

    const day = await consume(limiters.day, dayKey, secondsToUtcMidnight());
    if ('rejected' in day) throw tooManyRequests('quota-exceeded', day.rejected, { ...headers, RateLimit: stateHeader(minute, day.rejected) });

    res.set({ ...headers, RateLimit: stateHeader(minute, day) });
    next();
  };
}
