import type { Request } from 'express';

// W3C Trace Context version 00: version-traceid-parentid-flags in lowercase hex. An all-zero trace
// or parent id is invalid by that specification.
const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

// Returns the request's traceparent header when it is well formed, so events carry the caller's trace.
export function traceparentOf(req: Request): string | undefined {
  const value = req.get('traceparent')?.trim();
  return value && TRACEPARENT.test(value) ? value : undefined;
}
