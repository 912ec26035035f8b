import { buildOpenApiDocument, type OpenApiDocument } from '../openapi/build-document.ts';
import type { ApiVersionSpec } from '../openapi/api-version-spec.ts';
import { V1 } from '../routes/v1/router.ts';
import { V2 } from '../routes/v2/router.ts';

// The API versions this code serves. A retired version may leave this list; the registry still
// answers 410 for it.
export const API_VERSIONS: readonly ApiVersionSpec[] = [V1, V2];

const documents = new Map<string, OpenApiDocument>();

// Builds each version's document once per process; routing, validation and /vN/openapi.json all
// use this one object.
export function documentOf(spec: ApiVersionSpec): OpenApiDocument {
  let document = documents.get(spec.name);
  if (!document) {
    document = buildOpenApiDocument(spec);
    documents.set(spec.name, document);
  }
  return document;
}
