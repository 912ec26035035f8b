import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

import type { RulePack, TenantOverride } from './pack-types.ts';

const SCHEMA_DIR = new URL('./schema/', import.meta.url);
const SCHEMA_FILE_BY_KIND: Record<RulePack['kind'] | TenantOverride['kind'], string> = {
  tax: 'tax-pack.schema.json',
  'tax-rule-set': 'tax-rule-set.schema.json',
  reference: 'reference.schema.json',
  'legal-entity': 'entity-pack.schema.json',
  'tenant-override': 'tenant-override.schema.json',
};

export interface SchemaProblem {
  /** JSON path of the offending value, such as `$.rules[2].then.rate`. */
  path: string;
  message: string;
}

function readSchema(file: string): object {
  return JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as object;
}

function compileValidators(): Map<string, ValidateFunction> {
  // strictRequired is off because "required" inside anyOf and if/then names properties declared one level up.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  formats.default(ajv, ['date', 'uri']);
  ajv.addSchema(readSchema('common.schema.json'));

  // Every schema is added before any is compiled, because the tenant override refers to the entity pack's.
  for (const file of Object.values(SCHEMA_FILE_BY_KIND)) ajv.addSchema(readSchema(file));
  const validators = new Map<string, ValidateFunction>();
  for (const [kind, file] of Object.entries(SCHEMA_FILE_BY_KIND)) {
    validators.set(kind, ajv.getSchema(`https://throughline.example/schemas/rules/${file}`)!);
  }
  return validators;
}

let validators: Map<string, ValidateFunction> | undefined;

/** Converts an ajv instance path (a JSON Pointer) to the `$.a[0].b` form that people read. */
export function toJsonPath(pointer: string): string {
  const segments = pointer.split('/').slice(1).map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`), '$');
}

function describe(error: ErrorObject): SchemaProblem {
  const path = toJsonPath(error.instancePath);
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const property = (error.params as { additionalProperty?: string; unevaluatedProperty?: string });
    return { path, message: `unknown property "${property.additionalProperty ?? property.unevaluatedProperty}"` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return { path, message: `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}` };
  }
  return { path, message: error.message ?? `fails the "${error.keyword}" check` };
}

/** Checks a parsed pack against the schema for its `kind` and lists every problem found. */
export function checkPackSchema(data: unknown): SchemaProblem[] {
  const kind = (data as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(kind in SCHEMA_FILE_BY_KIND)) {
    const kinds = Object.keys(SCHEMA_FILE_BY_KIND).join(', ');
    return [{ path: '$.kind', message: `missing or unknown pack kind; use one of ${kinds}` }];
  }

  validators ??= compileValidators();
  const validate = validators.get(kind);
  if (validate === undefined || validate(data)) return [];

  // The if/then keyword reports its own summary next to the specific error, which adds nothing.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
  return errors.map(describe);
}
