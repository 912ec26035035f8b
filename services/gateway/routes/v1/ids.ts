import { problems } from '../../../core/problem.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Returns a path id that is a UUID. Anything else cannot name a stored object, so it is a 404
// like an id of another tenant, not a 400.
export function pathId(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw problems.notFound(what);
  return value.toLowerCase();
}
