import { randomUUID } from 'node:crypto';

// Makes the smallest value that a request schema of the OpenAPI documents accepts, so a
// table-driven test can send a valid body or query to any operation, including ones added later.

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
};

const BY_FORMAT: Record<string, () => string> = {
  uuid: () => randomUUID(),
  date: () => '2027-01-01',
  'date-time': () => '2027-01-01T00:00:00Z',
  email: () => 'partner@example.com',
  currency: () => 'EUR',
  country: () => 'DE',
  amount: () => '1.00',
  'non-negative-amount': () => '1.00',
  quantity: () => '1',
  uri: () => 'https://example.com',
};

function sampleString(schema: Schema): string {
  if (schema.format && BY_FORMAT[schema.format]) return BY_FORMAT[schema.format]!();
  if (schema.pattern === '^[A-Z0-9]{1,3}$') return 'BY';
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

export function sampleOf(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      return Object.fromEntries((schema.required ?? []).map((name) => [name, sampleOf(properties[name] ?? {})]));
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return sampleString(schema);
  }
}
