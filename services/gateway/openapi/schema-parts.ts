// Building blocks of the JSON Schemas that describe requests and responses. Every string has a
// maximum length and every array a maximum size, so the published document bounds what a client
// may send and what the gateway promises to return.

type Schema = Record<string, unknown>;

export const uuidSchema = { type: 'string', format: 'uuid', maxLength: 36 } as const;
export const dateSchema = { type: 'string', format: 'date', maxLength: 10 } as const;
export const dateTimeSchema = { type: 'string', format: 'date-time', maxLength: 40 } as const;

export function textSchema(maxLength: number, extra: Schema = {}): Schema {
  return { type: 'string', maxLength, ...extra };
}

// Free text that a client sends, such as a name or a description. The "text" format rejects a
// whitespace-only value and characters PostgreSQL would not store unchanged, in every version.
export function inputTextSchema(maxLength: number, extra: Schema = {}): Schema {
  return { type: 'string', format: 'text', minLength: 1, maxLength, ...extra };
}

export function enumSchema(values: readonly string[]): Schema {
  return { type: 'string', enum: [...values], maxLength: Math.max(...values.map((value) => value.length)) };
}

// A value that may be null, written the JSON Schema 2020-12 way (OpenAPI 3.1 has no "nullable").
export function nullable(schema: Schema): Schema {
  const type = schema.type;
  if (typeof type === 'string') return { ...schema, type: [type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

export function objectSchema(properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema {
  return { type: 'object', additionalProperties: false, required, properties };
}

export function arraySchema(items: Schema, maxItems: number): Schema {
  return { type: 'array', maxItems, items };
}

// The envelope of every list: one page of items and the cursor of the next page, or null.
export function pageSchema(items: Schema, maxItems = 100): Schema {
  return objectSchema({
    data: arraySchema(items, maxItems),
    nextCursor: nullable(textSchema(400, { description: 'Pass as cursor to read the next page; null on the last page.' })),
  });
}
