import type { ConnectorSummary } from '../../services/core/connector-registry.ts';
import { checkRestSettings, formatProblem, MAX_SETTINGS_LENGTH, type RestSettings, type SettingsProblem } from '../../services/connectors/generic/rest-settings.ts';
import { text, type FieldErrors } from './fields.ts';

// The operations of a generic REST connector on the connector forms: a textarea with the JSON
// array of operations and a field naming the connection test operation. What the admin typed is
// always returned as values, so a form shown again with errors keeps it.

export const REST_DRIVER = 'rest';

export interface RestOperationValues {
  operations: string;
  checkOperation: string;
}

// The form shows at most this many problems beside a field, so one broken paste cannot flood the page.
const MAX_PROBLEMS_SHOWN = 5;

export function restOperationValues(body: unknown): RestOperationValues {
  return { operations: text(body, 'operations'), checkOperation: text(body, 'checkOperation') };
}

// The stored operations as the edit form shows them: pretty-printed JSON. Other drivers get no values.
export function storedRestOperationValues(connector: Pick<ConnectorSummary, 'driver' | 'settings'>): Partial<RestOperationValues> {
  if (connector.driver !== REST_DRIVER) return {};
  const { operations, checkOperation } = connector.settings as Partial<RestSettings>;
  return {
    operations: operations ? JSON.stringify(operations, null, 2) : '',
    checkOperation: typeof checkOperation === 'string' ? checkOperation : '',
  };
}

function describeProblems(problems: SettingsProblem[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem).join(' ');
  const hidden = problems.length - MAX_PROBLEMS_SHOWN;
  return hidden > 0 ? `${shown} And ${hidden} more problem(s).` : shown;
}

function parseOperations(source: string, errors: FieldErrors): unknown {
  if (!source) {
    errors.operations = 'Enter the operations as a JSON array, such as [{"name": "me", "method": "GET", "pathTemplate": "/v1/me"}].';
    return undefined;
  }
  if (source.length > MAX_SETTINGS_LENGTH) {
    errors.operations = `The operations are ${source.length} characters long, more than the maximum of ${MAX_SETTINGS_LENGTH}. Remove operations or shorten their templates.`;
    return undefined;
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    errors.operations = `The operations are not valid JSON (${(error as Error).message}). Correct the JSON and submit again.`;
    return undefined;
  }
}

// Checks the typed operations and returns the settings to store, or undefined after adding a
// field error that names the JSON path of each problem, such as $.operations[1].method.
export function readRestSettings(values: RestOperationValues, errors: FieldErrors): RestSettings | undefined {
  const operations = parseOperations(values.operations, errors);
  if (operations === undefined) return undefined;

  const settings = { operations, ...(values.checkOperation ? { checkOperation: values.checkOperation } : {}) };
  const problems = checkRestSettings(settings);
  const checkProblems = problems.filter((problem) => problem.path === '$.checkOperation');
  const operationProblems = problems.filter((problem) => problem.path !== '$.checkOperation');
  if (operationProblems.length > 0) errors.operations = describeProblems(operationProblems);
  if (checkProblems.length > 0) errors.checkOperation = describeProblems(checkProblems);
  return problems.length > 0 ? undefined : settings as RestSettings;
}
