import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { compileMapping, MappingExpressionError } from '../../core/connector-mappings.ts';
import { PermanentConnectorError } from '../errors.ts';
import type { RestOperation } from './rest.ts';
import { REST_METHODS, REST_SETTINGS_SCHEMA } from './rest-settings-schema.ts';

// The settings of a generic REST connector, as stored in the connector's settings column: the
// operations an admin configured in the portal. Checking them gives every problem with the JSON
// path of the value at fault, such as `$.operations[2].method`.

export interface RestOperationSetting {
  name: string;
  method: (typeof REST_METHODS)[number];
  pathTemplate: string;
  query?: Record<string, string>;
  responseMapping?: string;
}

// A type alias, not an interface, so it fits where settings are any Record<string, unknown>.
export type RestSettings = {
  operations: RestOperationSetting[];
  checkOperation?: string;
};

export interface SettingsProblem {
  /** JSON path of the value at fault, such as `$.operations[0].name`. */
  path: string;
  message: string;
}

// The serialized settings may be at most this long, whatever the limits on each field allow.
export const MAX_SETTINGS_LENGTH = 65_536;

let validator: ValidateFunction | undefined;

function validateSchema(): ValidateFunction {
  // verbose puts the failing schema on each error, so a pattern's description can be shown.
  validator ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(REST_SETTINGS_SCHEMA);
  return validator;
}

// "/operations/0/query/a~1b" becomes "$.operations[0].query.a/b".
function jsonPath(pointer: string, child?: string): string {
  const segments = pointer.split('/').slice(1).map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (child !== undefined) segments.push(child);
  let path = '$';
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  return path;
}

function describeSchemaError(error: ErrorObject): SettingsProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: jsonPath(error.instancePath, String(params.missingProperty)), message: 'is missing' };
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).join(', ');
      return { path: jsonPath(error.instancePath, String(params.additionalProperty)), message: `is not a known property. Use only ${known}` };
    }
    case 'enum':
      return { path: jsonPath(error.instancePath), message: `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` };
    case 'pattern': {
      const rule = (error.parentSchema as { description?: string }).description;
      return { path: jsonPath(error.instancePath), message: rule ? `must ${rule}` : error.message ?? 'does not match the expected pattern' };
    }
    case 'propertyNames':
      // The name's own pattern error follows this one and states the rule.
      return { path: jsonPath(error.instancePath, String(params.propertyName)), message: 'is not a valid query parameter name' };
    default:
      return { path: jsonPath(error.instancePath), message: error.message ?? `fails the ${error.keyword} check` };
  }
}

// Checks what the schema cannot express: names are unique, every response mapping compiles,
// and the connection test operation is one of the configured GET operations.
function checkMeaning(settings: RestSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const firstIndex = new Map<string, number>();
  settings.operations.forEach((operation, index) => {
    const earlier = firstIndex.get(operation.name);
    if (earlier === undefined) firstIndex.set(operation.name, index);
    else problems.push({ path: `$.operations[${index}].name`, message: `repeats "${operation.name}", the name of $.operations[${earlier}]. Give each operation its own name` });

    if (operation.responseMapping === undefined) return;
    try {
      compileMapping(operation.responseMapping);
    } catch (error) {
      if (!(error instanceof MappingExpressionError)) throw error;
      problems.push({ path: `$.operations[${index}].responseMapping`, message: `is not a valid JSONata expression: ${error.message.replace(/^The expression is invalid: /, '')}` });
    }
  });

  const { checkOperation } = settings;
  if (checkOperation !== undefined) {
    const target = settings.operations.find((operation) => operation.name === checkOperation);
    if (!target) problems.push({ path: '$.checkOperation', message: `names "${checkOperation}", which is not a configured operation` });
    else if (target.method !== 'GET') problems.push({ path: '$.checkOperation', message: `names "${checkOperation}", a ${target.method} operation. Name a GET operation, because a connection test must change nothing` });
  }
  return problems;
}

// Lists every problem in the settings, or none when they are valid.
export function checkRestSettings(data: unknown): SettingsProblem[] {
  const length = JSON.stringify(data ?? null).length;
  if (length > MAX_SETTINGS_LENGTH) {
    return [{ path: '$', message: `is ${length} characters of JSON, more than the maximum of ${MAX_SETTINGS_LENGTH}. Remove operations or shorten their templates` }];
  }

  const validate = validateSchema();
  if (!validate(data)) return (validate.errors ?? []).map(describeSchemaError);
  return checkMeaning(data as RestSettings);
}

export function formatProblem(problem: SettingsProblem): string {
  return `${problem.path} ${problem.message}.`;
}

// Returns the settings when they are valid, and raises a PermanentConnectorError naming every
// problem otherwise, so a worker never calls an operation stored before a stricter check.
export function readRestSettings(data: unknown, connectorSlug: string): RestSettings {
  const problems = checkRestSettings(data);
  if (problems.length > 0) {
    throw new PermanentConnectorError(
      `Connector ${connectorSlug} has invalid generic REST settings: ${problems.map(formatProblem).join(' ')} Correct the operations in the portal.`,
      { system: connectorSlug, operation: 'readSettings' },
    );
  }
  return data as RestSettings;
}

// Turns the stored operations into the driver's operations by name. POST, PUT and PATCH send a
// JSON body and GET sends none. The map has no prototype, so a name such as "constructor" finds
// only an operation of that name.
export function restOperationsFrom(settings: RestSettings): Record<string, RestOperation> {
  const operations = Object.create(null) as Record<string, RestOperation>;
  for (const { name, method, pathTemplate, query, responseMapping } of settings.operations) {
    operations[name] = { method, path: pathTemplate, sendsBody: method !== 'GET', ...(query ? { query } : {}), ...(responseMapping ? { responseMapping } : {}) };
  }
  return operations;
}
