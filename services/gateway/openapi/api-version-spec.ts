import type { RouteDefinition } from '../routes/route-table.ts';

// What the gateway knows about one API version in code: its operations and how it differs from
// the others. Its status and dates live in the version registry, because they change without a deploy.
export interface ApiVersionSpec {
  name: string;
  title: string;
  // Markdown for the document's info.description and the reference page.
  description: string;
  routes: readonly RouteDefinition[];
}
