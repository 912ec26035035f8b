import type { NextFunction, Request, Response } from 'express';

// Fault injection for the CRM and PSA simulators. A rule matches requests by method and resource
// ('*' matches any) and applies to the next `times` of them. It can add latency, answer with an
// error status (with Retry-After), hold the request open until the client times out, or rename a
// response field so a driver meets a changed schema. Rules come from the admin endpoint
// POST /_sim/faults, or for a single request from the X-Simulator-Fault header (a JSON rule).

export interface FaultRule {
  method: string;
  resource: string;
  times: number;
  status?: number;
  delayMs?: number;
  retryAfterSeconds?: number;
  // Never respond, so the client hits its own timeout.
  hang?: boolean;
  // Renames every key `from` in the JSON response body to `to`.
  renameField?: { from: string; to: string };
}

// A stored rule with its id and how many more requests it applies to.
export type Active<Rule> = Rule & { id: number; remaining: number };
export type ActiveFault = Active<FaultRule>;

export const FAULT_HEADER = 'x-simulator-fault';
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', '*']);

function isWhole(value: unknown, minimum: number): boolean {
  return Number.isInteger(value) && (value as number) >= minimum;
}

// Checks one rule. Returns it, or a message naming the invalid field.
export function readFaultRule(item: unknown, where: string, defaults: Partial<FaultRule> = {}): FaultRule | string {
  const rule = { ...defaults, ...(item ?? {}) } as Record<string, unknown>;
  const method = String(rule.method ?? '*').toUpperCase();
  if (!METHODS.has(method)) return `${where}.method must be GET, POST, PUT, PATCH, DELETE or *.`;
  if (typeof rule.resource !== 'string' || rule.resource === '') return `${where}.resource is required (such as "companies", or *).`;
  if (!isWhole(rule.times, 1)) return `${where}.times must be a whole number of 1 or more.`;
  if (rule.status !== undefined && !(isWhole(rule.status, 400) && (rule.status as number) <= 599)) return `${where}.status must be an HTTP error status from 400 to 599.`;
  if (rule.delayMs !== undefined && !isWhole(rule.delayMs, 0)) return `${where}.delayMs must be a whole number of milliseconds.`;
  if (rule.retryAfterSeconds !== undefined && !isWhole(rule.retryAfterSeconds, 0)) return `${where}.retryAfterSeconds must be a whole number of seconds.`;
  const rename = rule.renameField as { from?: unknown; to?: unknown } | undefined;
  if (rename !== undefined && (typeof rename.from !== 'string' || typeof rename.to !== 'string')) return `${where}.renameField must be {from, to} with two field names.`;
  if (rule.status === undefined && rule.delayMs === undefined && rule.hang !== true && rename === undefined) {
    return `${where} needs a status, a delayMs, hang or renameField.`;
  }
  return {
    method,
    resource: rule.resource,
    times: rule.times as number,
    ...(rule.status !== undefined ? { status: rule.status as number } : {}),
    ...(rule.delayMs !== undefined ? { delayMs: rule.delayMs as number } : {}),
    ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds as number } : {}),
    ...(rule.hang === true ? { hang: true } : {}),
    ...(rename ? { renameField: { from: rename.from as string, to: rename.to as string } } : {}),
  };
}

// Checks the body of POST /_sim/faults: a list of rules, or {rules: [...]}.
export function readFaultRules(body: unknown): FaultRule[] | string {
  const list = Array.isArray(body) ? body : (body as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list) || list.length === 0) return 'Send a non-empty list of fault rules, or {"rules": [...]}.';
  const rules: FaultRule[] = [];
  for (const [index, item] of list.entries()) {
    const rule = readFaultRule(item, `rules[${index}]`);
    if (typeof rule === 'string') return rule;
    rules.push(rule);
  }
  return rules;
}

// The stored rules of one simulator. Each simulator matches rules to requests its own way (the
// ERP by doctype, the others by resource), so take() receives the match.
export class FaultInjector<Rule extends { method: string; times: number } = FaultRule> {
  private faults: Active<Rule>[] = [];
  private nextId = 1;

  add(rules: Rule[]): Active<Rule>[] {
    const added = rules.map((rule) => ({ ...rule, id: this.nextId++, remaining: rule.times }));
    this.faults.push(...added);
    return added;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Active<Rule>[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  // Returns the first rule, in the order added, for this method that `matches` accepts, and uses
  // up one of its times.
  take(method: string, matches: (rule: Rule) => boolean): Active<Rule> | undefined {
    const fault = this.faults.find((candidate) => (candidate.method === '*' || candidate.method === method) && matches(candidate));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}

export type ErrorBody = (status: number, message: string) => unknown;

// Express middleware that applies the header's rule, or else the first matching stored rule, to
// a request for `resource`. `errorBody` shapes the error the way the simulated system does.
export function applyFaults(faults: FaultInjector, resourceOf: (req: Request) => string, errorBody: ErrorBody) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const fault = faultFor(req, faults, resourceOf(req));
    if (typeof fault === 'string') {
      res.status(400).json(errorBody(400, `Invalid ${FAULT_HEADER} header: ${fault}`));
      return;
    }
    if (!fault) return next();

    res.locals.faultId = fault.id;
    await sleep(fault.delayMs ?? 0);
    if (fault.hang) return;
    if (fault.status !== undefined) {
      if (fault.retryAfterSeconds !== undefined) res.set('Retry-After', String(fault.retryAfterSeconds));
      res.status(fault.status).json(errorBody(fault.status, `Simulated fault ${fault.id}: HTTP ${fault.status}`));
      return;
    }
    if (fault.renameField) renameInResponse(res, fault.renameField);
    next();
  };
}

function faultFor(req: Request, faults: FaultInjector, resource: string): ActiveFault | string | undefined {
  const header = req.get(FAULT_HEADER);
  if (header === undefined) return faults.take(req.method, (rule) => rule.resource === '*' || rule.resource === resource);
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return 'it is not JSON';
  }
  const rule = readFaultRule(parsed, 'header', { resource, times: 1 });
  return typeof rule === 'string' ? rule : { ...rule, id: 0, remaining: 0 };
}

function renameInResponse(res: Response, rename: { from: string; to: string }): void {
  const send = res.json.bind(res);
  res.json = (body: unknown) => send(renameKeys(body, rename));
}

function renameKeys(value: unknown, rename: { from: string; to: string }): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key === rename.from ? rename.to : key, renameKeys(inner, rename)]));
}

// Unref'd so a pending delay never keeps a stopping process alive.
function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
