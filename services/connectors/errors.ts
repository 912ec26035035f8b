// Errors raised by connector drivers. The workflow orchestrator reads `retryable` to choose between
// retrying a step with backoff and opening an exception for an admin. Messages name the system,
// the operation and the status, and never contain credentials, headers or query strings.

export interface ConnectorErrorDetails {
  system: string;
  operation: string;
  status?: number;
  cause?: unknown;
}

export abstract class ConnectorError extends Error {
  abstract readonly retryable: boolean;
  readonly system: string;
  readonly operation: string;
  readonly status: number | undefined;

  constructor(message: string, details: ConnectorErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.system = details.system;
    this.operation = details.operation;
    this.status = details.status;
  }
}

// A failure that may pass on its own: a timeout, a refused connection, 408, 429 or a 5xx status.
export class TransientConnectorError extends ConnectorError {
  readonly retryable = true;
  // Seconds to wait before retrying, from the response's Retry-After header when it had one.
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: ConnectorErrorDetails & { retryAfterSeconds?: number }) {
    super(message, details);
    this.name = 'TransientConnectorError';
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

// A failure that repeats until someone changes the request or the data: another 4xx status, or a
// response whose shape the driver does not understand.
export class PermanentConnectorError extends ConnectorError {
  readonly retryable = false;

  constructor(message: string, details: ConnectorErrorDetails) {
    super(message, details);
    this.name = 'PermanentConnectorError';
  }
}

export interface MappingIssue {
  attribute: string;
  problem: string;
}

// A record from an outside system that cannot become a canonical object. `attribute` is the first
// offending field, and `issues` lists every one found, so an admin can fix them in one pass.
export class MappingError extends PermanentConnectorError {
  readonly attribute: string;
  readonly issues: MappingIssue[];

  constructor(system: string, recordId: string, issues: MappingIssue[]) {
    const listed = issues.map((issue) => `${issue.attribute} ${issue.problem}`).join('; ');
    super(`Record ${recordId} from ${system} cannot be mapped: ${listed}. Correct the record in ${system} and retry.`, {
      system,
      operation: 'map',
    });
    this.name = 'MappingError';
    this.attribute = issues[0]?.attribute ?? '';
    this.issues = issues;
  }
}
