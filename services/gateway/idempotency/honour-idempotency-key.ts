import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Problem, problems } from '../../core/problem.ts';
import { ProblemWithHeaders } from '../http/problem-headers.ts';
import { principalOf, requestLogOf } from '../http/request-context.ts';
import { canonicalJson } from './canonical-json.ts';
import { insertClaim, readKey, releaseClaim, storeResponse, takeOverExpiredClaim, type IdempotencyKeyId, type StoredResponse } from './idempotency-store.ts';

// Idempotency-Key handling for POST operations: the first request with a key runs the operation
// and stores its response; a retry with the same body gets that response back; a reuse with
// another body is rejected; a concurrent request waits for the first to finish.

const KEY = /^[\x21-\x7E]{1,255}$/;
const WAIT_FOR_CONCURRENT_MS = 10_000;
const POLL_MS = 100;

function requestHash(operationId: string, body: unknown): string {
  return createHash('sha256').update(`${operationId}\n${canonicalJson(body)}`).digest('hex');
}

function replay(res: Response, stored: StoredResponse): void {
  res.set('Idempotent-Replayed', 'true');
  if (stored.location) res.location(stored.location);
  res.status(stored.status).json(stored.body);
}

function keyReused(): Problem {
  return new Problem(422, 'idempotency-key-reused', 'This Idempotency-Key was used with a different request body or operation in the last 24 hours. Use a new key for a new request.');
}

function stillRunning(): ProblemWithHeaders {
  const problem = new Problem(409, 'idempotency-key-in-progress', 'A request with this Idempotency-Key is still running. Retry after it finishes to receive its response.');
  return new ProblemWithHeaders(problem, { 'Retry-After': '1' });
}

// Returns the stored response once the key's owner finishes, or undefined when this request took
// over an abandoned claim and must run the operation itself.
async function awaitOwner(id: IdempotencyKeyId, hash: string, operationId: string): Promise<StoredResponse | undefined> {
  const deadline = Date.now() + WAIT_FOR_CONCURRENT_MS;
  while (Date.now() < deadline) {
    const stored = await readKey(id);
    if (!stored) {
      if (await insertClaim(id, operationId, hash)) return undefined;
      continue;
    }
    if (stored.operationId !== operationId || stored.requestHash !== hash) throw keyReused();
    if (stored.state === 'completed') {
      return { status: stored.responseStatus ?? 200, body: stored.responseBody, ...(stored.responseLocation ? { location: stored.responseLocation } : {}) };
    }
    if (stored.lockExpired && (await takeOverExpiredClaim(id))) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw stillRunning();
}

export function honourIdempotencyKey(operationId: string): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('idempotency-key');
    if (key === undefined) {
      next();
      return;
    }
    if (!KEY.test(key)) throw problems.validation([{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters, such as a UUID' }]);

    const { tenantId, region, clientId } = principalOf(res);
    const id: IdempotencyKeyId = { scope: { tenantId, region }, clientId, key };
    const hash = requestHash(operationId, req.body);
    if (!(await insertClaim(id, operationId, hash))) {
      const stored = await awaitOwner(id, hash, operationId);
      if (stored) {
        requestLogOf(res).info({ operationId }, 'idempotent request replayed from the stored response');
        replay(res, stored);
        return;
      }
    }
    res.locals.idempotencyKey = id;
    next();
  };
}

// Stores the operation's response under the request's key, when it has one.
export async function rememberResponse(res: Response, response: StoredResponse): Promise<void> {
  const id = res.locals.idempotencyKey as IdempotencyKeyId | undefined;
  if (id) await storeResponse(id, response);
}

// Frees the request's key after the operation failed, so the client may retry with it.
export async function forgetClaim(res: Response): Promise<void> {
  const id = res.locals.idempotencyKey as IdempotencyKeyId | undefined;
  if (!id) return;
  try {
    await releaseClaim(id);
  } catch (error) {
    requestLogOf(res).error({ err: error }, 'releasing an idempotency key failed; it frees itself when its lock expires');
  }
}
