import express, { type Request, type Response, type Router } from 'express';
import { hubSpotErrorBody } from './hubspot-error.ts';
import { readSearchRequest, searchCompanies } from './company-search.ts';
import type { CrmState, SimulatedCompany } from './state.ts';

// The companies part of HubSpot's CRM v3 objects API under /crm/v3/objects/companies: search,
// read, create and update. A response lists only the properties asked for, plus the three
// HubSpot always returns.

const ALWAYS_RETURNED = ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];

export function companyRoutes(state: CrmState): Router {
  const router = express.Router();
  router.post('/search', (req, res) => search(state, req, res));
  router.get('/:id', (req, res) => getCompany(state, req, res));
  router.post('/', (req, res) => createCompany(state, req, res));
  router.patch('/:id', (req, res) => updateCompany(state, req, res));
  return router;
}

function present(company: SimulatedCompany, properties: string[]) {
  const returned = new Set([...ALWAYS_RETURNED, ...properties]);
  const shown = Object.fromEntries([...returned].filter((name) => name in company.properties).map((name) => [name, company.properties[name] ?? null]));
  return { id: company.id, properties: shown, createdAt: company.createdAt, updatedAt: company.updatedAt, archived: company.archived };
}

function search(state: CrmState, req: Request, res: Response): void {
  const request = readSearchRequest(req.body);
  if (typeof request === 'string') {
    res.status(400).json(hubSpotErrorBody(400, request));
    return;
  }
  const { total, page } = searchCompanies([...state.companies.values()], request);
  const next = request.after + page.length;
  res.json({
    total,
    results: page.map((company) => present(company, request.properties)),
    ...(next < total ? { paging: { next: { after: String(next) } } } : {}),
  });
}

function getCompany(state: CrmState, req: Request, res: Response): void {
  const company = state.companies.get(String(req.params.id));
  if (!company || company.archived) {
    res.status(404).json(hubSpotErrorBody(404, `Object not found. objectId are usually numeric. id: ${String(req.params.id)}`));
    return;
  }
  const properties = typeof req.query.properties === 'string' ? req.query.properties.split(',').filter(Boolean) : [];
  res.json(present(company, properties));
}

function readProperties(body: unknown): Record<string, string | null> | string {
  const properties = (body as { properties?: unknown } | null)?.properties;
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return 'properties is required: an object of property names to values.';
  const entries = Object.entries(properties as Record<string, unknown>);
  const invalid = entries.find(([, value]) => value !== null && !['string', 'number', 'boolean'].includes(typeof value));
  if (invalid) return `Property values must be text, numbers or booleans; ${invalid[0]} is not.`;
  return Object.fromEntries(entries.map(([name, value]) => [name, value === null ? null : String(value)]));
}

function createCompany(state: CrmState, req: Request, res: Response): void {
  const properties = readProperties(req.body);
  if (typeof properties === 'string') {
    res.status(400).json(hubSpotErrorBody(400, properties));
    return;
  }
  const company = state.create(properties);
  res.status(201).json(present(company, Object.keys(properties)));
}

function updateCompany(state: CrmState, req: Request, res: Response): void {
  const properties = readProperties(req.body);
  if (typeof properties === 'string') {
    res.status(400).json(hubSpotErrorBody(400, properties));
    return;
  }
  const company = state.update(String(req.params.id), properties);
  if (!company) {
    res.status(404).json(hubSpotErrorBody(404, `Object not found. id: ${String(req.params.id)}`));
    return;
  }
  res.json(present(company, Object.keys(properties)));
}
