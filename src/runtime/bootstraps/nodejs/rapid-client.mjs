// The runtime's side of the Lambda Runtime API, over node:http (never global fetch, which costs
// ~60 ms at first use). One keep-alive socket; an idle kept-alive socket does not hold the event
// loop open, so "beforeExit" still fires when the handler's own work is done.
import http from 'node:http';

const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';

export class RapidClient {
  constructor(hostPort) {
    const [hostname, port] = hostPort.split(':');
    this.hostname = hostname;
    this.port = Number(port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /** Waits for the next event: { status, body, headers }. */
  next() {
    return this.request('GET', '/2018-06-01/runtime/invocation/next').then(({ status, body, headers }) => ({
      status,
      body: body.toString('utf8'),
      headers,
    }));
  }

  postResponse(id, result) {
    let body;
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch {
      throw new Error('Unable to stringify response body');
    }
    return this.request('POST', `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/response`, body);
  }

  postError(id, doc) {
    return this.request(
      'POST',
      `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/error`,
      JSON.stringify(doc),
      {
        [ERROR_TYPE_HEADER]: doc.errorType,
      },
    );
  }

  postInitError(doc) {
    return this.request('POST', '/2018-06-01/runtime/init/error', JSON.stringify(doc), {
      [ERROR_TYPE_HEADER]: doc.errorType,
    });
  }

  request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          hostname: this.hostname,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers:
            body === undefined
              ? headers
              : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
