// Runtime API endpoints: one per environment, handed out from a listener bound ahead of need.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { RuntimeApiServer, type RuntimeApiHandler } from '../../../src/runtime/runtime-api-server.js';

function handler(name: string): RuntimeApiHandler {
  return {
    next: (_req, res) => res.send(200, { 'Lambda-Runtime-Aws-Request-Id': name }, '{}'),
    invocationResponse: (_id, _req, res) => res.send(202, {}),
    invocationError: (_id, _req, res) => res.send(202, {}),
    initError: (_req, res) => res.send(202, {}),
  };
}

/** GET /next on host:port, or on a Unix socket path. */
async function next(address: string): Promise<string> {
  const [host, port] = address.split(':');
  const socket = port ? net.connect(Number(port), host) : net.connect(address);
  socket.write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n');
  let text = '';
  for await (const chunk of socket) {
    text += (chunk as Buffer).toString();
    if (text.endsWith('{}')) break;
  }
  socket.destroy();
  return /Lambda-Runtime-Aws-Request-Id: (\w+)/.exec(text)?.[1] ?? '';
}

test('environments starting at once get endpoints of their own, each answering for its environment', async () => {
  const server = new RuntimeApiServer();
  const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => server.listen(handler(n))));
  assert.equal(new Set([a!.address, b!.address, c!.address]).size, 3);
  assert.equal(await next(a!.address), 'a');
  assert.equal(await next(b!.address), 'b');
  assert.equal(await next(c!.address), 'c');
  c!.close();
  server.close();
});

test('on Linux an endpoint also answers on its abstract Unix socket, and stops when closed', async () => {
  const server = new RuntimeApiServer();
  const [a, b] = await Promise.all(['a', 'b'].map((n) => server.listen(handler(n))));
  assert.match(a!.socketPath ?? '', /^\0cumulo-runtime-api-\d+-\d+$/);
  assert.notEqual(a!.socketPath, b!.socketPath);
  assert.equal(await next(a!.socketPath!), 'a');
  assert.equal(await next(b!.socketPath!), 'b');
  a!.close();
  await assert.rejects(
    new Promise((resolve, reject) => net.connect(a!.socketPath!).on('connect', resolve).on('error', reject)),
    { code: 'ECONNREFUSED' },
  );
  server.close();
});

test('unknown paths get Go net/http answers', async () => {
  const server = new RuntimeApiServer();
  const endpoint = await server.listen(handler('x'));
  const [host, port] = endpoint.address.split(':');
  const socket = net.connect(Number(port), host);
  socket.write(
    'GET /nope HTTP/1.1\r\n\r\nPOST /2018-06-01/runtime/invocation/next HTTP/1.1\r\nContent-Length: 0\r\n\r\n',
  );
  let text = '';
  for await (const chunk of socket) {
    text += (chunk as Buffer).toString();
    if (text.includes('405')) break;
  }
  socket.destroy();
  assert.match(text, /^HTTP\/1\.1 404 Not Found\r\n[\s\S]*\r\n\r\n404 page not found\n/);
  assert.match(text, /HTTP\/1\.1 405 Method Not Allowed\r\n/);
  server.close();
});

test('garbage on a connection closes that connection only; the endpoint keeps answering', async () => {
  const server = new RuntimeApiServer();
  const endpoint = await server.listen(handler('ok'));
  const [host, port] = endpoint.address.split(':');
  const inputs = [
    Buffer.from('\u0000\u0001\u0002 not http at all\r\n\r\n'),
    Buffer.from('GET /x HTTP/1.1\r\nno-colon-header\r\n\r\n'),
    Buffer.from('POST /x HTTP/1.1\r\nContent-Length: -5\r\n\r\n'),
    Buffer.from('POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
    Buffer.from(`GET /x HTTP/1.1\r\nX: ${'a'.repeat(2 * 1024 * 1024)}`),
    Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
  ];
  for (const input of inputs) {
    const socket = net.connect(Number(port), host);
    socket.on('error', () => undefined);
    socket.resume();
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.end(input);
    await closed;
  }
  assert.equal(await next(endpoint.address), 'ok');
  server.close();
});
