// Helpers of the HTTP API end-to-end tests: plain node:http requests to the data plane (raw header
// lines, so duplicates reach the server as sent), and a function API Gateway may invoke.
import http from 'node:http';
import { type ApiGatewayV2Client, CreateIntegrationCommand } from '@aws-sdk/client-apigatewayv2';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  type LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../lambda/zip-fixtures.js';

export const ACCOUNT = '000000000000';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
export const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): any;
}

export interface RequestOptions {
  method?: string;
  headers?: Array<[string, string]>;
  body?: Buffer | string;
  /** Host header; default `127.0.0.1:{port}` (the path form needs no other). */
  host?: string;
}

/** One request to the server on `port`, `path` as sent on the request line. */
export function request(port: number, path: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: string[] = [];
    for (const [k, v] of options.headers ?? []) headers.push(k, v);
    // Raw (array) headers get no automatic Host header from Node.
    headers.push('Host', options.host ?? `127.0.0.1:${port}`);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: headers as unknown as http.OutgoingHttpHeaders,
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: body.toString(),
            json: () => JSON.parse(body.toString()),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Creates a Node.js function from handler source and waits until it is Active. */
export async function createFunction(
  lambda: LambdaClient,
  name: string,
  code: string,
  timeout = 3,
): Promise<string> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Timeout: timeout,
      Code: { ZipFile: await handlerZip(code) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20 }, { FunctionName: name });
  return fnArn(name);
}

/** The permission the console adds: apigateway.amazonaws.com may invoke from any route of the API. */
export async function allowApi(
  lambda: LambdaClient,
  name: string,
  apiId: string,
  sid = `apigw-${apiId}`,
): Promise<void> {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: name,
      StatementId: sid,
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/*`,
    }),
  );
}

/** An AWS_PROXY integration of the function at `uri`; returns the route target that names it. */
export async function proxyIntegration(
  apigw: ApiGatewayV2Client,
  apiId: string,
  uri: string,
  payloadFormatVersion = '2.0',
): Promise<string> {
  const integration = await apigw.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: uri,
      PayloadFormatVersion: payloadFormatVersion,
    }),
  );
  return `integrations/${integration.IntegrationId}`;
}

/** Answers by the last path segment; by default echoes the event it got. */
export const ECHO_HANDLER = `
exports.handler = async (event) => {
  const path = event.rawPath || event.path || '';
  const last = path.split('/').pop();
  switch (last) {
    case 'bare': return { hello: 'world' };
    case 'string': return 'plain string';
    case 'malformed': return { statusCode: 'abc', body: 1 };
    case 'throw': throw new Error('boom');
    case 'slow': await new Promise((r) => setTimeout(r, 1500)); return { statusCode: 200, body: 'late' };
    case 'binary': return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true };
    case 'cookies': return { statusCode: 201, cookies: ['a=1; Path=/', 'b=2'], headers: { 'x-custom': 'v' }, body: 'ok' };
    case 'multi': return { statusCode: 200, headers: { 'x-one': '1' }, multiValueHeaders: { 'x-many': ['a', 'b'] }, body: 'multi' };
    default: return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
  }
};
`;
