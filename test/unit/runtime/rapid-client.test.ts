// The Node runtime's Runtime API client: responses parsed from a byte stream, and requests made in
// one tick leaving in one write (pipelined), answered in order.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';

const { RapidClient, parseResponse } = (await import(
  new URL('../../../src/runtime/bootstraps/nodejs/rapid-client.mjs', import.meta.url).href
)) as {
  RapidClient: new (hostPort: string) => {
    request(method: string, path: string, body?: string): Promise<{ status: number; body: Buffer }>;
  };
  parseResponse(
    buf: Buffer,
  ): { status: number; headers: Record<string, string>; body: Buffer; length: number } | undefined;
};

test('a response with Content-Length, whole or not yet', () => {
  const raw = Buffer.from(
    'HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\nX-A: b\r\n\r\n{"status":"OK"}HTTP/1.1',
  );
  const r = parseResponse(raw);
  assert.ok(r);
  assert.equal(r.status, 202);
  assert.equal(r.headers['x-a'], 'b');
  assert.equal(r.body.toString(), '{"status":"OK"}');
  assert.equal(raw.subarray(r.length).toString(), 'HTTP/1.1');
  assert.equal(parseResponse(raw.subarray(0, 60)), undefined);
  assert.equal(parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-')), undefined);
});

test('a chunked response, with and without trailers', () => {
  const plain = Buffer.from(
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nX',
  );
  const r = parseResponse(plain);
  assert.ok(r);
  assert.equal(r.body.toString(), 'abcde');
  assert.equal(plain.subarray(r.length).toString(), 'X');
  const trailed = Buffer.from(
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nT: v\r\n\r\n',
  );
  assert.equal(parseResponse(trailed)?.length, trailed.length);
  assert.equal(parseResponse(trailed.subarray(0, trailed.length - 2)), undefined);
});

test('requests made in one tick leave in one write and are answered in order', async () => {
  const reads: string[] = [];
  const server = net.createServer((socket) => {
    socket.on('data', (chunk) => {
      reads.push(chunk.toString());
      // Answer both at once, as the platform does for a pipelined /response and /next.
      if (reads.join('').includes('GET /next')) {
        socket.write(
          'HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nevent',
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = new RapidClient(`127.0.0.1:${port}`);
  const [posted, next] = await Promise.all([
    client.request('POST', '/response', '{}'),
    client.request('GET', '/next'),
  ]);
  assert.equal(posted.status, 202);
  assert.equal(posted.body.toString(), 'ok');
  assert.equal(next.status, 200);
  assert.equal(next.body.toString(), 'event');
  assert.equal(reads.length, 1, 'one write carried both requests');
  assert.match(reads[0] ?? '', /^POST \/response HTTP\/1\.1\r\n[\s\S]*\r\n\r\n\{\}GET \/next HTTP\/1\.1\r\n/);
  server.close();
  (client as unknown as { socket: net.Socket }).socket.destroy();
});
