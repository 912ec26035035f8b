import { MAX_EXPRESSION_LENGTH, MAX_SAMPLE_LENGTH } from '../../services/core/connector-mappings.ts';
import { hasErrors, type FieldErrors, type FormResult } from './fields.ts';

export interface MappingInput {
  expression: string;
  sample: string;
  payload: unknown;
}

// Keeps the text as typed (no trimming inside), because indentation is part of a readable mapping.
function rawText(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
}

// Reads the mapping editor. The expression is compiled later, by the mapping module, which
// reports JSONata's own message and position.
export function readMappingForm(body: unknown): FormResult<MappingInput> {
  const values = { expression: rawText(body, 'expression'), sample: rawText(body, 'sample') };
  const errors: FieldErrors = {};
  let payload: unknown;

  if (!values.expression) errors.expression = 'Enter a JSONata expression, for example { "name": attributes.counterpartyName }.';
  else if (values.expression.length > MAX_EXPRESSION_LENGTH) errors.expression = `The expression is ${values.expression.length} characters long; the maximum is ${MAX_EXPRESSION_LENGTH}.`;
  if (values.sample.length > MAX_SAMPLE_LENGTH) errors.sample = `The sample is ${values.sample.length} characters long; the maximum is ${MAX_SAMPLE_LENGTH}.`;
  else if (values.sample) {
    try {
      payload = JSON.parse(values.sample);
    } catch (error) {
      errors.sample = `The sample is not valid JSON: ${(error as Error).message}. Paste a payload the outside system sends.`;
    }
  }

  return { values, errors, input: hasErrors(errors) ? undefined : { ...values, payload } };
}
