// Errors in the shape Frappe's REST API returns them: an HTTP status, the Python exception class
// name in exc_type, and the user-facing messages JSON-encoded twice in _server_messages.

export type FrappeExceptionType =
  | 'AuthenticationError'
  | 'ValidationError'
  | 'MandatoryError'
  | 'LinkValidationError'
  | 'DoesNotExistError'
  | 'DuplicateEntryError'
  | 'SimulatedFault';

export interface FrappeErrorBody {
  exc_type: FrappeExceptionType;
  exception: string;
  _server_messages: string;
}

export class FrappeError extends Error {
  constructor(
    readonly status: number,
    readonly excType: FrappeExceptionType,
    message: string,
  ) {
    super(message);
    this.name = 'FrappeError';
  }

  toBody(): FrappeErrorBody {
    return frappeErrorBody(this.excType, this.message);
  }
}

export function frappeErrorBody(excType: FrappeExceptionType, message: string): FrappeErrorBody {
  return {
    exc_type: excType,
    exception: `frappe.exceptions.${excType}: ${message}`,
    _server_messages: JSON.stringify([JSON.stringify({ message, title: 'Message', indicator: 'red' })]),
  };
}

// Frappe responds to validation failures with 417 Expectation Failed.
export const validationError = (message: string) => new FrappeError(417, 'ValidationError', message);
export const mandatoryError = (doctype: string, field: string) =>
  new FrappeError(417, 'MandatoryError', `[${doctype}]: ${field} is required.`);
export const linkError = (doctype: string, name: string) =>
  new FrappeError(417, 'LinkValidationError', `Could not find ${doctype}: ${name}`);
export const notFoundError = (doctype: string, name: string) =>
  new FrappeError(404, 'DoesNotExistError', `${doctype} ${name} not found`);
export const duplicateError = (doctype: string, name: string) =>
  new FrappeError(409, 'DuplicateEntryError', `${doctype} ${name} already exists`);
