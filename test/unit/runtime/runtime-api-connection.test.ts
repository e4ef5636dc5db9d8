// The Runtime API's HTTP/1.1 server side, over real sockets: pipelined requests, bodies that
// arrive in pieces, chunked bodies with trailers, replies in request order, bad requests.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import {
  RuntimeConnection,
  type RuntimeReply,
  type RuntimeRequest,
} from '../../../src/runtime/runtime-api-connection.js';
import { within } from '../within.js';

interface Seen {
  req: RuntimeRequest;
  res: RuntimeReply;
}

/** A server whose requests the test answers; and a raw client socket collecting what it reads. */
async function setup(onRequest: (seen: Seen) => void = () => undefined) {
  const seen: Seen[] = [];
  // Whoever waits in until() is woken by each request seen and each read.
  let wake: () => void = () => undefined;
  const changed = (): void => wake();
  let serverSide: net.Socket | undefined;
  const server = net.createServer((socket) => {
    serverSide = socket;
    new RuntimeConnection(socket, (req, res) => {
      seen.push({ req, res });
      onRequest({ req, res });
      changed();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  let received = '';
  const reads: string[] = [];
  client.on('data', (c) => {
    received += c.toString('latin1');
    reads.push(c.toString('latin1'));
    changed();
  });
  const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  /** Waits, event by event, until cond holds; fails after 2 s. */
  const until = async (cond: () => boolean): Promise<void> => {
    const deadline = Date.now() + 2000;
    while (!cond()) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      await within(woken, deadline - Date.now(), `the condition; received: ${JSON.stringify(received)}`);
    }
  };
  return {
    seen,
    client,
    closed,
    until,
    received: () => received,
    /** Bytes the server side has written so far. */
    written: () => serverSide?.bytesWritten ?? 0,
    reads,
    done: () => {
      client.destroy();
      server.close();
    },
  };
}

test('pipelined requests in one write: each parsed, replies in request order, in one write', async () => {
  const t = await setup();
  t.client.write(
    'POST /2018-06-01/runtime/invocation/abc/response HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{"a":1}' +
      'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n',
  );
  await t.until(() => t.seen.length === 2);
  const [post, next] = t.seen as [Seen, Seen];
  assert.equal(post.req.method, 'POST');
  assert.equal(post.req.headers.host, 'x');
  assert.deepEqual(await post.req.body(100), { body: Buffer.from('{"a":1}'), size: 7 });
  assert.equal(next.req.path, '/2018-06-01/runtime/invocation/next');
  // The second request is answered first: its reply waits for the first's.
  next.res.send(200, { 'Lambda-Runtime-Aws-Request-Id': 'r2' }, 'event');
  await new Promise((r) => setImmediate(r)); // past the turn in which replies are written
  assert.equal(t.written(), 0);
  assert.equal(t.received(), '');
  post.res.send(202, { 'Content-Type': 'application/json' }, '{"status":"OK"}');
  await t.until(() => t.received().includes('event'));
  assert.match(t.received(), /^HTTP\/1\.1 202 Accepted\r\n[\s\S]*\{"status":"OK"\}HTTP\/1\.1 200 OK\r\n/);
  assert.match(t.received(), /Lambda-Runtime-Aws-Request-Id: r2\r\nContent-Length: 5\r\n\r\nevent$/);
  assert.equal(t.reads.length, 1, 'both replies in one write');
  t.done();
});

test('a request that arrives a byte at a time', async () => {
  const t = await setup(({ res }) => res.send(202, {}, 'ok'));
  const raw = 'POST /p HTTP/1.1\r\nContent-Length: 5\r\nX-Dup: a\r\nX-Dup: b\r\n\r\nhello';
  for (const ch of raw) {
    t.client.write(ch);
    await new Promise((r) => setImmediate(r));
  }
  await t.until(() => t.received().endsWith('ok'));
  const { req } = t.seen[0] as Seen;
  assert.equal(req.headers['x-dup'], 'a, b');
  assert.equal((await req.body(100)).body.toString(), 'hello');
  t.done();
});

test('a chunked body with trailers, streamed, and a body past the limit counted but not kept', async () => {
  const t = await setup();
  t.client.write(
    'POST /s HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTrailer: T-Err\r\n\r\n' +
      '5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nT-Err: boom\r\n\r\n',
  );
  await t.until(() => t.seen.length === 1);
  const { req, res } = t.seen[0] as Seen;
  const chunks: Buffer[] = [];
  const stream = req.stream();
  stream.on('data', (c: Buffer) => chunks.push(c));
  await new Promise((r) => stream.on('end', r));
  assert.equal(Buffer.concat(chunks).toString(), 'hello world');
  assert.equal(req.trailers['t-err'], 'boom');
  res.send(202, {});

  t.client.write('POST /big HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789');
  await t.until(() => t.seen.length === 2);
  assert.deepEqual(await (t.seen[1] as Seen).req.body(4), { body: Buffer.from('0123'), size: 10 });
  t.done();
});

test('Expect: 100-continue gets its interim answer before the body is sent', async () => {
  const t = await setup(({ req, res }) => void req.body(100).then(({ body }) => res.send(202, {}, body)));
  t.client.write('POST /e HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n');
  await t.until(() => t.received().startsWith('HTTP/1.1 100 Continue\r\n\r\n'));
  t.client.write('abc');
  await t.until(() => t.received().endsWith('abc'));
  t.done();
});

test('a malformed request gets 400 and the connection closes; Connection: close closes after the reply', async () => {
  const bad = await setup();
  bad.client.write('NOT-HTTP\r\n\r\n');
  await bad.closed;
  assert.match(bad.received(), /^HTTP\/1\.1 400 Bad Request\r\n/);
  bad.done();

  const t = await setup(({ res }) => res.send(200, {}, 'bye'));
  t.client.write('GET /x HTTP/1.1\r\nConnection: close\r\n\r\n');
  await t.closed;
  assert.match(t.received(), /bye$/);
  t.done();
});

test('a body cut off by a closed connection fails whoever waits for it', async () => {
  const t = await setup();
  t.client.write('POST /cut HTTP/1.1\r\nContent-Length: 100\r\n\r\npartial');
  await t.until(() => t.seen.length === 1);
  const body = (t.seen[0] as Seen).req.body(1000);
  t.client.destroy();
  await assert.rejects(body, /closed/);
  t.done();
});
