// Plain node:http requests to a REST API's invoke URL, in the host form
// (`{apiId}.execute-api.localhost`) or the path form (`/_aws/execute-api/{apiId}/…`).
import http from 'node:http';

export interface RestAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
}

export interface RestRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Host form (default) or path form. */
  hostForm?: boolean;
}

export function callRestApi(
  port: number,
  apiId: string,
  path: string,
  options: RestRequest = {},
): Promise<RestAnswer> {
  const hostForm = options.hostForm ?? true;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: hostForm ? path : `/_aws/execute-api/${apiId}${path}`,
        headers: {
          ...(hostForm ? { host: `${apiId}.execute-api.localhost:${port}` } : {}),
          ...(options.headers ?? {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode!, headers: res.headers, body, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
