import { config } from '../../core/config.ts';
import { Problem, problems } from '../../core/problem.ts';

// Errors raised by the body parsers (body-parser, used by express.json, express.raw and
// express.urlencoded) carry a `type` that names what went wrong with the body.
interface BodyParserError {
  type: string;
  status?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string'
    && typeof (error as { status?: unknown }).status === 'number';
}

// Translates a body parser error to a problem, or returns undefined for any other error.
export function bodyErrorToProblem(error: unknown): Problem | undefined {
  if (!isBodyParserError(error)) return undefined;

  switch (error.type) {
    case 'entity.parse.failed':
      return new Problem(400, 'malformed-json', 'The request body is not valid JSON, or its top level is not an object or array. Fix the body and retry.');
    case 'entity.too.large':
      return new Problem(413, 'content-too-large', `The request body is larger than the limit of ${config().gateway.maxBodyBytes} bytes.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new Problem(415, 'unsupported-media-type', 'The request body uses a content encoding or charset the gateway does not accept. Send uncompressed UTF-8.');
    default:
      return problems.badRequest('The request body could not be read. Retry the request.');
  }
}
