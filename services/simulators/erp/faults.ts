import { FaultInjector, type Active } from '../shared/faults.ts';

// Fault injection for chaos tests. A rule matches requests by method and doctype ('*' matches
// any) and applies to the next `times` of them. Without afterCommit the fault replaces the
// request: wait delayMs, then respond with `status` without touching the records. With afterCommit the
// request takes effect first, then the answer is delayed and, given a status, replaced, which is
// how a timeout after the ERP saved a record looks to the caller.

export interface FaultRule {
  method: string;
  doctype: string;
  status?: number;
  times: number;
  delayMs?: number;
  retryAfterSeconds?: number;
  afterCommit?: boolean;
}

export type ActiveFault = Active<FaultRule>;

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', '*']);

// Checks rules sent to POST /_sim/faults. Returns them, or a message naming the invalid field.
export function readFaultRules(body: unknown): FaultRule[] | string {
  const list = Array.isArray(body) ? body : (body as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list) || list.length === 0) return 'Send a non-empty list of fault rules, or {"rules": [...]}.';

  const rules: FaultRule[] = [];
  for (const [index, item] of list.entries()) {
    const rule = (item ?? {}) as Record<string, unknown>;
    const where = `rules[${index}]`;
    const method = String(rule.method ?? '*').toUpperCase();
    if (!METHODS.has(method)) return `${where}.method must be GET, POST, PUT, DELETE or *.`;
    if (typeof rule.doctype !== 'string' || rule.doctype === '') return `${where}.doctype is required (a doctype such as "Sales Order", or *).`;
    if (!Number.isInteger(rule.times) || (rule.times as number) < 1) return `${where}.times must be a whole number of 1 or more.`;
    if (rule.status !== undefined && (!Number.isInteger(rule.status) || (rule.status as number) < 400 || (rule.status as number) > 599)) {
      return `${where}.status must be an HTTP error status from 400 to 599.`;
    }
    if (rule.delayMs !== undefined && (!Number.isInteger(rule.delayMs) || (rule.delayMs as number) < 0)) return `${where}.delayMs must be a whole number of milliseconds.`;
    if (rule.retryAfterSeconds !== undefined && (!Number.isInteger(rule.retryAfterSeconds) || (rule.retryAfterSeconds as number) < 0)) {
      return `${where}.retryAfterSeconds must be a whole number of seconds.`;
    }
    if (rule.status === undefined && rule.delayMs === undefined) return `${where} needs a status, a delayMs or both.`;
    rules.push({
      method,
      doctype: rule.doctype,
      times: rule.times as number,
      status: rule.status as number | undefined,
      delayMs: rule.delayMs as number | undefined,
      retryAfterSeconds: rule.retryAfterSeconds as number | undefined,
      afterCommit: rule.afterCommit === true,
    });
  }
  return rules;
}

// The ERP's rules match by doctype ('*' matches any).
export class ErpFaultInjector extends FaultInjector<FaultRule> {
  takeFor(method: string, doctype: string): ActiveFault | undefined {
    return this.take(method, (rule) => rule.doctype === '*' || rule.doctype === doctype);
  }
}
