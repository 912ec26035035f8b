import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TransientConnectorError } from '../../../services/connectors/errors.ts';
import { requestJson } from '../../../services/connectors/http.ts';

// A server that keeps each connection open after its first response, announcing no Keep-Alive
// timeout, and resets the connection when a second request arrives on it. A real server does this
// when it closes an idle connection just as the client reuses it.
function resettingServer(): { server: Server; connections: () => number; close: () => Promise<void> } {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    let answered = false;
    socket.on('data', () => {
      if (answered) {
        socket.resetAndDestroy();
        return;
      }
      answered = true;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"ok":true}');
    });
    socket.on('error', () => undefined);
  });
  // The client keeps its idle socket open, so closing waits for nothing only once it is gone.
  const close = () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  return { server, connections: () => connections, close };
}

describe('kept-alive connector sockets', () => {
  let server: Server;
  let connections: () => number;
  let close: () => Promise<void>;
  let url: string;

  beforeEach(async () => {
    ({ server, connections, close } = resettingServer());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await close();
  });

  const call = (method: 'GET' | 'POST') => requestJson({ system: 'testsys', operation: 'probe', method, url: new URL('/thing', url), ...(method === 'POST' ? { body: {} } : {}) });

  it('sends a GET again on a new connection', async () => {
    await call('GET');
    const response = await call('GET');

    assert.deepEqual(response.body, { ok: true });
    assert.equal(connections(), 2);
  });

  it('fails a POST as transient instead of sending it twice', async () => {
    await call('GET');
    const error = await call('POST').then(() => undefined, (caught: unknown) => caught);

    assert.ok(error instanceof TransientConnectorError, `expected a transient error, got ${String(error)}`);
    assert.match(error.message, /ECONNRESET/);
    assert.equal(connections(), 1);
  });
});
