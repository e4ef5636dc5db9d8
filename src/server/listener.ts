// One port, two HTTP versions: a connection that opens with the HTTP/2 preface
// ("PRI * HTTP/2.0", prior knowledge, as the Kinesis SDK client sends it) goes to the
// HTTP/2 server; anything else to the HTTP/1.1 server. Node's cleartext http2 server
// does not accept HTTP/1.1 itself, hence the sniffing.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');

export type RequestListener = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

export interface Listener {
  port: number;
  close(): Promise<void>;
}

export async function listen(host: string, port: number, onRequest: RequestListener): Promise<Listener> {
  const h1 = http.createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, onRequest);
  const h2 = http2.createServer({}, onRequest);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('readable', () => {
      const head: Buffer | null =
        socket.read(Math.min(socket.readableLength, H2_PREFACE.length)) ?? socket.read();
      if (head) socket.unshift(head);
      const isH2 =
        head !== null &&
        head.length >= H2_PREFACE.length &&
        head.subarray(0, H2_PREFACE.length).equals(H2_PREFACE);
      (isH2 ? h2 : h1).emit('connection', socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
