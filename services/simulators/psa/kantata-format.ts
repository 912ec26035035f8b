import type { Response } from 'express';
import type { PsaCollection } from './state.ts';

// Kantata OX response and error shapes. A response lists the ids in order under `results` and
// the objects indexed by id under the collection's key; errors are a list under `errors`.

export function kantataBody(key: PsaCollection, rows: { id: string }[]) {
  return {
    count: rows.length,
    results: rows.map((row) => ({ key, id: row.id })),
    [key]: Object.fromEntries(rows.map((row) => [row.id, row])),
    meta: { count: rows.length, page_count: 1, page_number: 1, page_size: rows.length },
  };
}

export function kantataErrorBody(status: number, message: string) {
  return { errors: [{ type: status === 422 || status === 400 ? 'validation' : 'system', message }] };
}

export function sendKantataError(res: Response, status: number, message: string): void {
  res.status(status).json(kantataErrorBody(status, message));
}

// Reads the object under `key` in a request body ({workspace: {...}}), or undefined.
export function bodyObject(body: unknown, key: string): Record<string, unknown> | undefined {
  const value = (body as Record<string, unknown> | null)?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Field checks that return a message naming the field, or undefined when the value is acceptable.
export const check = {
  text: (row: Record<string, unknown>, field: string, required: boolean): string | undefined => {
    const value = row[field];
    if (value === undefined || value === null) return required ? `${field} is required` : undefined;
    return typeof value === 'string' && value.trim() !== '' ? undefined : `${field} must be non-empty text`;
  },
  date: (row: Record<string, unknown>, field: string): string | undefined => {
    const value = row[field];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' && DATE.test(value) ? undefined : `${field} must be a date in YYYY-MM-DD form`;
  },
  cents: (row: Record<string, unknown>, field: string, required: boolean): string | undefined => {
    const value = row[field];
    if (value === undefined || value === null) return required ? `${field} is required` : undefined;
    return Number.isInteger(value) && (value as number) >= 0 ? undefined : `${field} must be a whole number of cents`;
  },
};

export function firstProblem(...problems: (string | undefined)[]): string | undefined {
  return problems.find((problem) => problem !== undefined);
}
