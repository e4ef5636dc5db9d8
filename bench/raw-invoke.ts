// A Lambda Invoke over a bare keep-alive node:http client, signed with SigV4 per request on
// node:crypto: what an invoke costs without the AWS SDK's own client-side work (middleware stack,
// serializers, its signer), printed next to the SDK's numbers so the two can be told apart.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';

export interface RawInvoker {
  invoke(functionName: string, payload: string): Promise<{ status: number; body: string }>;
  close(): void;
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');

export function rawInvoker(options: {
  port: number;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}): RawInvoker {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const host = `127.0.0.1:${options.port}`;
  return {
    invoke: (functionName, payload) => {
      const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      const date = amzDate.slice(0, 8);
      const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
      const payloadHash = sha256(payload);
      const signedHeaders = 'host;x-amz-content-sha256;x-amz-date';
      const canonical = [
        'POST',
        path,
        '',
        `host:${host}`,
        `x-amz-content-sha256:${payloadHash}`,
        `x-amz-date:${amzDate}`,
        '',
        signedHeaders,
        payloadHash,
      ].join('\n');
      const scope = `${date}/${options.region}/lambda/aws4_request`;
      const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
      const key = hmac(
        hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, date), options.region), 'lambda'),
        'aws4_request',
      );
      const signature = createHmac('sha256', key).update(toSign).digest('hex');
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: options.port,
            path,
            method: 'POST',
            agent,
            headers: {
              host,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
              'x-amz-date': amzDate,
              'x-amz-content-sha256': payloadHash,
              authorization: `AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
