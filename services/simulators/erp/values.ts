import { Decimal } from 'decimal.js';
import { mandatoryError, validationError } from './frappe-error.ts';

// Field readers shared by the doctypes. Frappe accepts numbers or numeric strings for Float and
// Currency fields and returns floats. The simulator computes with decimals and rounds currency
// amounts to two decimal places.

export type ErpDoc = Record<string, unknown>;

export const CURRENCY_PRECISION = 2;

export function requireText(doc: ErpDoc, doctype: string, field: string): string {
  const value = doc[field];
  if (typeof value !== 'string' || value.trim() === '') throw mandatoryError(doctype, field);
  return value;
}

export function optionalText(doc: ErpDoc, doctype: string, field: string): string | undefined {
  const value = doc[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw validationError(`[${doctype}]: ${field} must be text, got ${JSON.stringify(value)}`);
  return value;
}

export function oneOf<T extends string>(doc: ErpDoc, doctype: string, field: string, allowed: readonly T[], fallback: T): T {
  const value = doc[field] ?? fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw validationError(`[${doctype}]: ${field} cannot be "${String(value)}". It should be one of ${allowed.map((option) => `"${option}"`).join(', ')}`);
}

export function readDecimal(value: unknown, label: string, options: { required?: boolean; min?: number } = {}): Decimal | undefined {
  if (value === undefined || value === null || value === '') {
    if (options.required) throw validationError(`${label} is required`);
    return undefined;
  }
  let decimal: Decimal;
  try {
    decimal = new Decimal(value as Decimal.Value);
  } catch {
    throw validationError(`${label} must be a number, got ${JSON.stringify(value)}`);
  }
  if (!decimal.isFinite()) throw validationError(`${label} must be a finite number`);
  if (options.min !== undefined && decimal.lessThan(options.min)) throw validationError(`${label} cannot be less than ${options.min}`);
  return decimal;
}

export function money(value: Decimal): number {
  return value.toDecimalPlaces(CURRENCY_PRECISION, Decimal.ROUND_HALF_UP).toNumber();
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function optionalDate(doc: ErpDoc, doctype: string, field: string): string | undefined {
  const value = doc[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !DATE_PATTERN.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw validationError(`[${doctype}]: ${field} must be a date in YYYY-MM-DD form, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function requireDate(doc: ErpDoc, doctype: string, field: string): string {
  const value = optionalDate(doc, doctype, field);
  if (value === undefined) throw mandatoryError(doctype, field);
  return value;
}

// The timestamp form Frappe uses for creation and modified: local-style, microseconds, no zone.
export function frappeTimestamp(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 23).replace('T', ' ')}000`;
}
