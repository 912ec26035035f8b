// Errors that leave the platform as RFC 9457 problem details. Each carries an HTTP status, a
// stable machine code (kept across API versions) and a detail that is safe to show a client.
// Anything else that reaches the edge is an internal error whose detail stays in the logs.

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_TYPE_BASE = 'https://docs.throughline.example/problems/';

export class Problem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly extensions: Record<string, unknown>;

  constructor(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'Problem';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.extensions = extensions;
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: `${PROBLEM_TYPE_BASE}${this.code}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const problems = {
  badRequest: (detail: string, errors?: { field: string; message: string }[]) =>
    new Problem(400, 'bad-request', detail, errors ? { errors } : {}),
  validation: (errors: { field: string; message: string }[]) =>
    new Problem(400, 'validation-failed', `The request is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors }),
  unauthorized: (detail: string) => new Problem(401, 'unauthorized', detail),
  forbidden: (detail: string, extensions: Record<string, unknown> = {}) => new Problem(403, 'forbidden', detail, extensions),
  notFound: (what: string) => new Problem(404, 'not-found', `${what} was not found.`),
  conflict: (detail: string) => new Problem(409, 'conflict', detail),
  internal: () => new Problem(500, 'internal-error', 'The server failed to handle the request. Retry later; if it persists, contact support with the request id.'),
};
