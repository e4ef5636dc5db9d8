// Response streaming end to end: awslambda.streamifyResponse handlers read through
// InvokeWithResponseStreamCommand (the SDK decodes our event stream) and through a RESPONSE_STREAM
// function URL. The handler writes its first chunk, then waits on a gate the test opens only after it
// has seen that chunk: the test passes only if the chunk reached it before the last one was written.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, type CumuloProcess } from './harness.js';
import { urlIdOf } from './lambda-urls-http.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A gate the functions wait on: GET /wait/{name} answers once the test calls open(name). */
class Gate {
  private readonly waiting = new Map<string, http.ServerResponse>();
  private readonly opened = new Set<string>();
  private readonly server = http.createServer((req, res) => {
    const name = (req.url ?? '').split('/').pop() ?? '';
    if (this.opened.has(name)) res.end('go');
    else this.waiting.set(name, res);
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/wait`;
  }
  open(name: string): void {
    this.opened.add(name);
    this.waiting.get(name)?.end('go');
  }
  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

const STREAMER = `
const http = require('node:http');
const wait = (name) => new Promise((resolve, reject) =>
  http.get(process.env.GATE + '/' + name, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
exports.handler = awslambda.streamifyResponse(async (event, stream) => {
  if (event.rawPath !== undefined) {
    stream = awslambda.HttpResponseStream.from(stream, {
      statusCode: 207,
      headers: { 'content-type': 'text/plain', 'x-streamed': 'yes' },
      cookies: ['c=1'],
    });
  }
  stream.write('first;');
  await wait(event.gate || (event.requestContext && event.requestContext.domainPrefix));
  stream.write('second;');
  if (event.fail) throw new Error('boom');
  stream.end('last');
});`;

let server: CumuloProcess;
let lambda: LambdaClient;
const gate = new Gate();

async function createFunction(name: string, code: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Timeout: 30,
      Code: { ZipFile: await handlerZip(code) },
      Environment: { Variables: { GATE: gate.url } },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 15 }, { FunctionName: name });
}

before(async () => {
  await gate.start();
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
  await createFunction('streamer', STREAMER);
  await createFunction('plain', `exports.handler = async (e) => ({ got: e });`);
});

after(async () => {
  lambda?.destroy();
  await server?.dispose();
  gate.close();
});

async function readEvents(
  stream: AsyncIterable<any>,
  onChunk: (text: string, index: number) => void,
): Promise<{ chunks: string[]; complete: any }> {
  const chunks: string[] = [];
  let complete: any;
  for await (const event of stream) {
    if (event.PayloadChunk) {
      const text = Buffer.from(event.PayloadChunk.Payload ?? []).toString();
      chunks.push(text);
      onChunk(text, chunks.length - 1);
    } else if (event.InvokeComplete) complete = event.InvokeComplete;
  }
  return { chunks, complete };
}

describe('InvokeWithResponseStream', () => {
  it('delivers each chunk as the function writes it, then InvokeComplete', async () => {
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'streamer',
        Payload: Buffer.from(JSON.stringify({ gate: 'sdk' })),
        LogType: 'Tail',
      }),
    );
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.ResponseStreamContentType, 'application/octet-stream');
    const { chunks, complete } = await readEvents(out.EventStream!, (text, i) => {
      if (i === 0) {
        assert.equal(text, 'first;', 'the first chunk arrives while the function still waits');
        gate.open('sdk');
      }
    });
    assert.equal(chunks.join(''), 'first;second;last');
    assert.equal(complete.ErrorCode, undefined);
    assert.match(Buffer.from(complete.LogResult, 'base64').toString(), /REPORT RequestId/);
  });

  it('reports an error thrown midway in InvokeComplete', async () => {
    gate.open('fails');
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'streamer',
        Payload: Buffer.from(JSON.stringify({ gate: 'fails', fail: true })),
      }),
    );
    const { chunks, complete } = await readEvents(out.EventStream!, () => undefined);
    assert.equal(chunks.join(''), 'first;second;');
    assert.equal(complete.ErrorCode, 'Error');
    assert.equal(complete.ErrorDetails, 'boom');
  });

  it('answers a function that does not stream in one chunk', async () => {
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'plain', Payload: Buffer.from('{"a":1}') }),
    );
    const { chunks, complete } = await readEvents(out.EventStream!, () => undefined);
    assert.deepEqual(JSON.parse(chunks.join('')), { got: { a: 1 } });
    assert.deepEqual(complete, {});
  });

  it('lets Invoke read a streaming function whole', async () => {
    gate.open('whole');
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'streamer', Payload: Buffer.from('{"gate":"whole"}') }),
    );
    assert.equal(out.FunctionError, undefined);
    assert.equal(Buffer.from(out.Payload!).toString(), 'first;second;last');
  });

  it('checks DryRun and missing functions like Invoke', async () => {
    const dry = await lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'streamer', InvocationType: 'DryRun' }),
    );
    assert.equal(dry.StatusCode, 204);
    await assert.rejects(
      lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'missing' })),
      (e: any) => e.name === 'ResourceNotFoundException',
    );
  });
});

describe('RESPONSE_STREAM function URLs', () => {
  it('streams the body to the client as it is written, with the prelude as status and headers', async () => {
    const created = await lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'streamer',
        AuthType: 'NONE',
        InvokeMode: 'RESPONSE_STREAM',
      }),
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'streamer',
        StatementId: 'url',
        Action: 'lambda:InvokeFunctionUrl',
        Principal: '*',
        FunctionUrlAuthType: 'NONE',
      }),
    );
    const id = urlIdOf(created.FunctionUrl!);
    const body = JSON.stringify({ any: 'body' });
    const result = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
      (resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'POST',
            path: `/_aws/lambda-url/${id}/`,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => {
              if (text === '') {
                assert.equal(
                  c.toString(),
                  'first;',
                  'the first chunk arrives while the function still waits',
                );
                gate.open(id);
              }
              text += c.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      },
    );
    assert.equal(result.status, 207);
    assert.equal(result.headers['content-type'], 'text/plain');
    assert.equal(result.headers['x-streamed'], 'yes');
    assert.deepEqual(result.headers['set-cookie'], ['c=1']);
    assert.equal(result.headers['transfer-encoding'], 'chunked');
    assert.equal(result.text, 'first;second;last');
  });
});
