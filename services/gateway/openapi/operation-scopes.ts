import type { OpenApiDocument } from './build-document.ts';
import { SECURITY_SCHEME } from './components.ts';

// Reads each operation's required scopes back out of the published document, so the gateway
// enforces exactly what the document tells partners. An operation the document leaves without
// scopes fails here, at start-up, rather than being served unprotected.
export function operationScopes(document: OpenApiDocument): Map<string, string[]> {
  const scopes = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const required = operation.security.flatMap((requirement) => requirement[SECURITY_SCHEME] ?? []);
      if (required.length === 0) {
        throw new Error(`The OpenAPI document of ${String(document.info.version)} declares no scope for ${method.toUpperCase()} ${path}; every operation must require one.`);
      }
      scopes.set(operation.operationId, required);
    }
  }
  return scopes;
}
