import { readFileSync } from 'node:fs';
import type { VersionLifecycle } from '../versions/version-registry.ts';
import type { OpenApiDocument, OpenApiOperation } from './build-document.ts';

// A readable HTML reference of one version, rendered from its OpenAPI document so it can never
// describe another API than the one served. It has no scripts and takes its styles from a file,
// so the default Content-Security-Policy applies unchanged.

export const REFERENCE_PAGE_CSS = readFileSync(new URL('./reference-page.css', import.meta.url), 'utf8');

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function lifecycleSection(version: string, lifecycle: VersionLifecycle | undefined): string {
  const rows: [string, string][] = [['Status', lifecycle?.status ?? 'not registered']];
  if (lifecycle?.releasedAt) rows.push(['Released', lifecycle.releasedAt.toISOString().slice(0, 10)]);
  if (lifecycle?.deprecatedAt) rows.push(['Deprecated', lifecycle.deprecatedAt.toISOString().slice(0, 10)]);
  if (lifecycle?.sunsetAt) rows.push(['Sunset', lifecycle.sunsetAt.toISOString().slice(0, 10)]);
  if (lifecycle?.successor) rows.push(['Successor', `<a href="/${escapeHtml(lifecycle.successor)}/docs">${escapeHtml(lifecycle.successor)}</a>`]);
  const cells = rows.map(([name, value]) => `<tr><th>${name}</th><td>${name === 'Successor' ? value : escapeHtml(value)}</td></tr>`).join('');
  return `<h2 id="lifecycle">Lifecycle of ${escapeHtml(version)}</h2><table>${cells}</table>`;
}

function operationSection(path: string, method: string, operation: OpenApiOperation): string {
  const scopes = operation.security.flatMap((requirement) => Object.values(requirement).flat()).join(', ');
  const request = (operation.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)?.content?.['application/json']?.schema;
  const responses = Object.entries(operation.responses as Record<string, { content?: Record<string, { schema: unknown }> }>)
    .filter(([status]) => status.startsWith('2'))
    .map(([status, response]) => `<h4>Response ${escapeHtml(status)}</h4><pre>${escapeHtml(JSON.stringify(response.content?.['application/json']?.schema ?? {}, null, 2))}</pre>`)
    .join('');
  return [
    `<section id="${escapeHtml(operation.operationId)}">`,
    `<h3><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></h3>`,
    `<p>${escapeHtml(operation.summary)}</p>`,
    operation.description ? `<p>${escapeHtml(operation.description)}</p>` : '',
    `<p>Required scopes: <code>${escapeHtml(scopes)}</code></p>`,
    request ? `<h4>Request body</h4><pre>${escapeHtml(JSON.stringify(request, null, 2))}</pre>` : '',
    responses,
    '</section>',
  ].join('\n');
}

export function renderReferencePage(document: OpenApiDocument, lifecycle: VersionLifecycle | undefined): string {
  const version = String(document.info.version);
  const operations = Object.entries(document.paths)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => operationSection(`/${version}${path}`, method, operation)));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<link rel="stylesheet" href="/${escapeHtml(version)}/docs.css">
</head>
<body>
<h1>${escapeHtml(document.info.title)}</h1>
<p class="description">${escapeHtml(document.info.description)}</p>
<p>Machine-readable document: <a href="/${escapeHtml(version)}/openapi.json">/${escapeHtml(version)}/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 problem details.</p>
${lifecycleSection(version, lifecycle)}
<h2>Operations</h2>
${operations.join('\n')}
</body>
</html>`;
}
