import type { NextFunction, Request, Response } from 'express';
import { controlDatabase } from '../../core/database.ts';
import { logger } from '../../core/logger.ts';
import { optionalPrincipalOf } from '../http/request-context.ts';

const log = logger('api-usage');

// Counts calls and errors per tenant, client, version and UTC day in memory, and adds them to
// the api_usage table every few seconds, so recording usage costs no query per request. A copy
// that stops without flushing loses at most FLUSH_MS of counts.

interface Tally {
  tenantId: string;
  clientId: string;
  version: string;
  day: string;
  calls: number;
  errors: number;
  lastSeenAt: Date;
}

const FLUSH_MS = 5_000;
let pending = new Map<string, Tally>();
let timer: NodeJS.Timeout | undefined;

function count(tenantId: string, clientId: string, version: string, failed: boolean): void {
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  const key = `${tenantId}|${clientId}|${version}|${day}`;
  const tally = pending.get(key) ?? { tenantId, clientId, version, day, calls: 0, errors: 0, lastSeenAt: now };
  tally.calls += 1;
  if (failed) tally.errors += 1;
  tally.lastSeenAt = now;
  pending.set(key, tally);
  timer ??= setTimeout(() => void flushUsage(), FLUSH_MS).unref();
}

// Writes the counts gathered so far. Counts that fail to write are put back for the next flush.
export async function flushUsage(): Promise<void> {
  timer = undefined;
  const batch = [...pending.values()];
  pending = new Map();
  if (batch.length === 0) return;
  try {
    await controlDatabase().query(`
      INSERT INTO api_usage (tenant_id, client_id, version, day, calls, errors, last_seen_at)
      SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS t("tenantId" uuid, "clientId" text, version text, day date, calls bigint, errors bigint, "lastSeenAt" timestamptz)
      ON CONFLICT (tenant_id, client_id, version, day) DO UPDATE SET
        calls = api_usage.calls + EXCLUDED.calls,
        errors = api_usage.errors + EXCLUDED.errors,
        last_seen_at = GREATEST(api_usage.last_seen_at, EXCLUDED.last_seen_at)`, { replacements: { rows: JSON.stringify(batch) } });
  } catch (error) {
    log.error({ err: error, rows: batch.length }, 'writing API usage counts failed; they are kept for the next flush');
    for (const tally of batch) {
      const key = `${tally.tenantId}|${tally.clientId}|${tally.version}|${tally.day}`;
      const newer = pending.get(key);
      pending.set(key, newer ? { ...newer, calls: newer.calls + tally.calls, errors: newer.errors + tally.errors } : tally);
    }
    timer ??= setTimeout(() => void flushUsage(), FLUSH_MS).unref();
  }
}

// Counts each finished request of an authenticated client; a status of 400 or more is an error.
export function recordUsage(version: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', () => {
      const principal = optionalPrincipalOf(res);
      if (principal) count(principal.tenantId, principal.clientId, version, res.statusCode >= 400);
    });
    next();
  };
}
