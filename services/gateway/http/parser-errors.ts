import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { logger } from '../../core/logger.ts';
import { Problem } from '../../core/problem.ts';
import { PROBLEM_CONTENT_TYPE } from './error-handler.ts';

const log = logger('gateway');

// Node's HTTP parser rejects some requests before Express receives them, such as headers larger than
// --max-http-header-size (16 KiB by default), and then sends a bare status line. This listener
// sends a problem body instead, so a client learns which limit it hit.

function problemFor(error: NodeJS.ErrnoException): Problem {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return new Problem(431, 'request-header-fields-too-large', 'The request headers are larger than the gateway accepts (16 KiB in total by default). Send shorter headers, such as a shorter Authorization token.');
  }
  return new Problem(400, 'malformed-request', 'The request is not valid HTTP/1.1. Check the request line and the headers.');
}

function respond(socket: Duplex, problem: Problem, requestId: string): void {
  const content = { ...problem.toBody(), requestId };
  const body = JSON.stringify(content);
  socket.end([
    `HTTP/1.1 ${problem.status} ${content.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n'));
}

export function answerParserErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection the client reset, or one already closed, cannot take a response.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const problem = problemFor(error);
    log.info({ requestId, status: problem.status, parserError: error.code }, 'request rejected by the HTTP parser');
    respond(socket, problem, requestId);
  });
}
