import { config } from '../../core/config.ts';
import { Problem } from '../../core/problem.ts';

// Errors raised before a handler runs, by the body parsers (body-parser, behind express.json,
// express.raw and express.urlencoded) or by the router when a path parameter is not valid
// percent-encoding. Both carry a 4xx status, because the request is at fault.
interface ClientStatusError {
  status: number;
  // body-parser's name for what went wrong with the body, such as "entity.parse.failed".
  type?: string;
  // zlib's error code, such as "Z_DATA_ERROR", when the body failed to decompress.
  code?: string;
}

// http-errors marks a client error that is safe to expose with expose: true. The router's URIError
// carries the status without that flag.
function isClientStatusError(error: unknown): error is ClientStatusError {
  if (typeof error !== 'object' || error === null) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return false;
  return expose === true || error instanceof URIError;
}

function bodyProblem(error: ClientStatusError): Problem {
  switch (error.type) {
    case 'entity.parse.failed':
      return new Problem(400, 'malformed-json', 'The request body is not valid JSON, or its top level is not an object or array. Fix the body and send it again.');
    case 'entity.too.large':
      return new Problem(413, 'content-too-large', `The request body is larger than the limit of ${config().gateway.maxBodyBytes} bytes.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new Problem(415, 'unsupported-media-type', 'The request body uses a content encoding or charset the gateway does not accept. Send UTF-8, uncompressed or with Content-Encoding gzip, deflate or br.');
    default:
      break;
  }
  if (error.code?.startsWith('Z_')) {
    return new Problem(400, 'malformed-body', 'The request body could not be decompressed with the algorithm its Content-Encoding header names. Send the body encoded as the header says, or uncompressed without the header.');
  }
  return new Problem(error.status, 'bad-request', 'The request body could not be read: check that Content-Length matches the body and that the body arrives complete.');
}

// Translates a client error raised before the handler to a problem, or returns undefined for any
// other error, which the caller treats as the server's own failure.
export function requestErrorToProblem(error: unknown): Problem | undefined {
  if (!isClientStatusError(error)) return undefined;
  if (error instanceof URIError) {
    return new Problem(400, 'malformed-path', 'The request path contains an invalid percent-encoding. Encode each byte as % followed by two hexadecimal digits, and encode text as UTF-8.');
  }
  return bodyProblem(error);
}
