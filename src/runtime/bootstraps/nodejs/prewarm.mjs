// What a pooled process does before it has a function: run once, on throwaway data, the code a
// first invocation runs — an HTTP request and its response over a loopback socket (the Runtime
// API client), an ES module import through the resolution hooks, the log formatting — so V8 has
// compiled it and Node has loaded its internal modules before the clock of a cold start starts.
// It leaves nothing behind: the server is closed, the socket destroyed, the module a data: URL.
import http from 'node:http';
import util from 'node:util';

function roundTrip() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}'));
    });
    server.listen(0, '127.0.0.1', () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const body = JSON.stringify({ warm: true });
      const req = http.request(
        {
          hostname: '127.0.0.1',
          port: server.address().port,
          method: 'POST',
          path: '/2018-06-01/runtime/invocation/warm/response',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            agent.destroy();
            server.close(() => resolve());
          });
        },
      );
      req.on('error', () => server.close(() => resolve()));
      req.end(body);
    });
  });
}

export async function prewarm() {
  util.format('%s\t%s', new Date().toISOString(), { warm: true });
  await roundTrip();
  await import('data:text/javascript,export const handler = async () => null;');
}
