// Shared pieces of form handling: reading a posted field as trimmed text and the rules that
// several forms apply, such as the slug pattern that the database also enforces.

export type FieldErrors = Record<string, string>;

export interface FormResult<T> {
  /** The submitted text, used to fill the form again when it is shown with errors. */
  values: Record<string, string | string[]>;
  errors: FieldErrors;
  /** The checked input; present only when errors is empty. */
  input?: T;
}

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
export const SLUG_RULE = 'Use 2 to 40 lowercase letters, digits or hyphens, starting with a letter.';

export function text(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

// Checkbox groups arrive as a string for one box and an array for several.
export function list(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

export function checkSlug(errors: FieldErrors, field: string, value: string): void {
  if (!value) errors[field] = 'Enter a slug.';
  else if (!SLUG_PATTERN.test(value)) errors[field] = `"${value}" is not a valid slug. ${SLUG_RULE}`;
}

export function checkName(errors: FieldErrors, field: string, value: string, maxLength: number): void {
  if (!value) errors[field] = 'Enter a name.';
  else if (value.length > maxLength) errors[field] = `The name is ${value.length} characters long; the maximum is ${maxLength}.`;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
