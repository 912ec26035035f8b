import { randomUUID } from 'node:crypto';

// Errors in the shape HubSpot's CRM API returns them: status "error", a message, a category and a
// correlation id that HubSpot support asks for.

const CATEGORIES: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  404: 'OBJECT_NOT_FOUND',
  429: 'RATE_LIMITS',
};

export function hubSpotErrorBody(status: number, message: string): Record<string, unknown> {
  return { status: 'error', message, correlationId: randomUUID(), category: CATEGORIES[status] ?? 'INTERNAL_ERROR' };
}
