import { randomBytes } from 'node:crypto';
import type { DoctypeDefinition } from './doctype.ts';
import { doctypeDefinition } from './doctypes.ts';
import { duplicateError, notFoundError, validationError } from './frappe-error.ts';
import { parseListQuery, runListQuery } from './query.ts';
import type { ErpStore } from './store.ts';
import { frappeTimestamp, type ErpDoc } from './values.ts';

// Create, read, update and list documents the way Frappe's resource API does. Unknown fields in a
// request body are dropped silently, as Frappe drops them.

export function insertDocument(store: ErpStore, doctype: string, body: unknown): ErpDoc {
  const definition = doctypeDefinition(doctype);
  const input = requireObject(body);
  const requestedName = typeof input.name === 'string' && input.name !== '' ? input.name : undefined;
  if (requestedName !== undefined && store.get(doctype, requestedName)) throw duplicateError(doctype, requestedName);

  const validated = definition.validate(knownFields(input, definition), store);
  const name = requestedName ?? definition.autoname(validated, store);
  const now = frappeTimestamp();
  const doc: ErpDoc = {
    name,
    owner: 'Administrator',
    creation: now,
    modified: now,
    modified_by: 'Administrator',
    docstatus: 0,
    idx: 0,
    ...withChildRows(validated, definition, name),
    doctype,
  };
  store.put(doctype, doc);
  return structuredClone(doc);
}

export function updateDocument(store: ErpStore, doctype: string, name: string, body: unknown): ErpDoc {
  const definition = doctypeDefinition(doctype);
  const existing = store.get(doctype, name);
  if (!existing) throw notFoundError(doctype, name);

  const merged = { ...knownFields(existing, definition), ...knownFields(requireObject(body), definition) };
  const validated = definition.validate(merged, store);
  const doc: ErpDoc = { ...existing, ...withChildRows(validated, definition, name), modified: frappeTimestamp() };
  store.put(doctype, doc);
  return structuredClone(doc);
}

export function getDocument(store: ErpStore, doctype: string, name: string): ErpDoc {
  doctypeDefinition(doctype);
  const doc = store.get(doctype, name);
  if (!doc) throw notFoundError(doctype, name);
  return structuredClone(doc);
}

export function listDocuments(store: ErpStore, doctype: string, query: Record<string, unknown>): ErpDoc[] {
  const definition = doctypeDefinition(doctype);
  return runListQuery(store.list(doctype), parseListQuery(query, definition), definition);
}

function requireObject(body: unknown): ErpDoc {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationError('The request body must be a JSON object of field values');
  return body as ErpDoc;
}

function knownFields(input: ErpDoc, definition: DoctypeDefinition): ErpDoc {
  return Object.fromEntries(definition.fields.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]));
}

// Child rows get the bookkeeping fields Frappe stores with them: their own name, position and parent.
function withChildRows(doc: ErpDoc, definition: DoctypeDefinition, parent: string): ErpDoc {
  const result = { ...doc };
  for (const [field, table] of Object.entries(definition.children)) {
    const rows = (doc[field] ?? []) as ErpDoc[];
    result[field] = rows.map((row, index) => ({
      name: randomBytes(5).toString('hex'),
      idx: index + 1,
      parent,
      parentfield: field,
      parenttype: definition.name,
      docstatus: 0,
      ...Object.fromEntries(table.fields.filter((column) => row[column] !== undefined).map((column) => [column, row[column]])),
      doctype: table.doctype,
    }));
  }
  return result;
}
