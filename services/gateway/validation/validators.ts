import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { problems, type Problem } from '../../core/problem.ts';
import { addApiFormats, FORMAT_MESSAGES } from './formats.ts';

function newAjv(coerceTypes: boolean): Ajv {
  // Union types are allowed because OpenAPI 3.1 writes a nullable field as type: [T, "null"].
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, coerceTypes, useDefaults: true, removeAdditional: false });
  // date and uuid come from addApiFormats, which checks them more strictly than ajv-formats.
  addFormats.default(ajv, ['date-time', 'email', 'uri', 'int32', 'int64']);
  addApiFormats(ajv);
  return ajv;
}

// Bodies are JSON, so their types must match exactly. Query strings carry only text, so their
// schemas coerce "25" to 25.
const bodyAjv = newAjv(false);
const queryAjv = newAjv(true);

// "/lines/0/amount" becomes "lines[0].amount", the way clients name the field in their own code.
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) parts.push(child);
  let name = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) name += `[${part}]`;
    else name += name ? `.${part}` : part;
  }
  return name || '(body)';
}

function describe(error: ErrorObject): { field: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: fieldName(error.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: fieldName(error.instancePath, String(params.additionalProperty)), message: 'is not a known field' };
    case 'format':
      return { field: fieldName(error.instancePath), message: FORMAT_MESSAGES[String(params.format)] ?? `must match format ${String(params.format)}` };
    case 'enum':
      return { field: fieldName(error.instancePath), message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { field: fieldName(error.instancePath), message: error.message ?? 'is invalid' };
  }
}

// One message per field: a value that breaks both a length limit and a format gets the format's
// message, which says what a valid value looks like.
function onePerField(errors: ErrorObject[]): ErrorObject[] {
  const byField = new Map<string, ErrorObject>();
  for (const error of errors) {
    const field = describe(error).field;
    const kept = byField.get(field);
    if (!kept || (error.keyword === 'format' && kept.keyword !== 'format')) byField.set(field, error);
  }
  return [...byField.values()];
}

export function validationProblem(errors: ErrorObject[]): Problem {
  return problems.validation(onePerField(errors).map(describe));
}

export type Validator = (data: unknown) => Problem | undefined;

function compile(ajv: Ajv, schema: SchemaObject): Validator {
  const validate: ValidateFunction = ajv.compile(schema);
  return (data) => (validate(data) ? undefined : validationProblem(validate.errors ?? []));
}

// Compiles a request body schema once. The validator returns a validation-failed problem listing
// every invalid field, or undefined when the body is valid. Defaults in the schema fill the body.
export function bodyValidator(schema: SchemaObject): Validator {
  return compile(bodyAjv, schema);
}

// The same for query parameters; the validator coerces numbers in place, so pass it a copy.
export function queryValidator(schema: SchemaObject): Validator {
  return compile(queryAjv, schema);
}

// Compiles a response body schema once. The check returns the first few schema errors as text,
// for the log, or undefined when the body matches.
export function responseValidator(schema: SchemaObject): (data: unknown) => string[] | undefined {
  const validate: ValidateFunction = bodyAjv.compile(schema);
  return (data) => (validate(data) ? undefined : (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}`));
}
