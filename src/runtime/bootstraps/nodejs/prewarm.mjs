// What a pooled process does before it has a function: run once, on throwaway data, the code a
// first invocation runs — the Runtime API client's pipelined /response and /next over a local
// socket, an ES module import, the log formatting — so V8 has
// compiled it and Node has loaded its internal modules before the clock of a cold start starts.
// It leaves nothing behind: the server is closed, the socket destroyed, the module a data: URL.
import net from 'node:net';
import util from 'node:util';
import { RapidClient } from './rapid-client.mjs';

const EVENT = '{"warm":true}';
const ANSWERS =
  'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"OK"}' +
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: warm\r\n' +
  `Lambda-Runtime-Deadline-Ms: 0\r\nContent-Length: ${EVENT.length}\r\n\r\n${EVENT}`;

/** A server that answers one pipelined /response + /next pair with canned bytes. */
async function roundTrip() {
  const server = net.createServer((socket) => {
    let seen = '';
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      if (seen.includes('/next')) socket.end(ANSWERS);
    });
    socket.on('error', () => undefined);
  });
  // The transport a real assignment will use: an abstract Unix socket on Linux, else loopback TCP.
  const socketName = process.platform === 'linux' ? `@cumulo-prewarm-${process.pid}` : undefined;
  await new Promise((resolve) =>
    socketName
      ? server.listen(socketName.replace(/^@/, '\0'), resolve)
      : server.listen(0, '127.0.0.1', resolve),
  );
  const client = new RapidClient(`127.0.0.1:${server.address()?.port ?? 9001}`, socketName);
  client.preconnect();
  try {
    const posted = client.postResponse('warm', { warm: true });
    const next = await client.next();
    await posted;
    JSON.parse(next.body);
  } catch {
    // a failed warm-up only costs the cold start its benefit
  } finally {
    client.socket?.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function prewarm() {
  util.format('%s\t%s', new Date().toISOString(), { warm: true });
  void console.log; // the console is created on first use
  await roundTrip();
  await import('data:text/javascript,export const handler = async () => null;');
}
