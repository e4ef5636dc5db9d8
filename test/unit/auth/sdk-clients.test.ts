// Requests built by the real Lambda, STS and DynamoDB clients, captured before they leave, then verified
// in their services' styles: the non-S3 path encoding (Lambda ARNs with ':'), form bodies, JSON 1.0.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseAuth, verifyRequest } from '../../../src/auth/index.js';
import type { AuthErrorStyle } from '../../../src/auth/index.js';
import { ACCESS_KEY, SECRET, lookup, toHttpRequest } from './sign-helpers.js';

interface Captured {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

function config(sent: Captured[]) {
  return {
    region: 'eu-central-1',
    endpoint: 'http://127.0.0.1:4566',
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: 'session-1' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: Captured) {
        sent.push(request);
        return { response: { statusCode: 500, headers: {}, body: Readable.from([]) } };
      },
    } as never,
  };
}

async function verifyCaptured(c: Captured | undefined, style: AuthErrorStyle) {
  assert.ok(c, 'the client sent a request');
  const req = toHttpRequest(c);
  const parsed = parseAuth(req);
  assert.ok(parsed);
  const table = lookup({ [ACCESS_KEY]: { secretAccessKey: SECRET, sessionToken: 'session-1' } });
  const v = await verifyRequest(req, parsed, table, { now: Date.now(), style });
  assert.equal(v.region, 'eu-central-1');
  assert.equal(v.sessionToken, 'session-1');
  // A byte more in the body and the same request is refused.
  req.body = Buffer.concat([req.body, Buffer.from(' ')]);
  await assert.rejects(verifyRequest(req, parsed, table, { now: Date.now(), style }));
  return v;
}

test('Lambda Invoke by function ARN (path encoded twice for signing)', async () => {
  const sent: Captured[] = [];
  const client = new LambdaClient(config(sent));
  await client
    .send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:eu-central-1:000000000000:function:my-fn:live',
        Payload: Buffer.from('{"a":1}'),
      }),
    )
    .catch(() => undefined);
  assert.match(sent[0]?.path ?? '', /%3A/);
  assert.equal((await verifyCaptured(sent[0], 'json')).service, 'lambda');
});

test('STS GetCallerIdentity (query protocol form body)', async () => {
  const sent: Captured[] = [];
  await new STSClient(config(sent)).send(new GetCallerIdentityCommand({})).catch(() => undefined);
  assert.equal((await verifyCaptured(sent[0], 'query')).service, 'sts');
});

test('DynamoDB ListTables (JSON 1.0)', async () => {
  const sent: Captured[] = [];
  await new DynamoDBClient(config(sent)).send(new ListTablesCommand({})).catch(() => undefined);
  assert.equal((await verifyCaptured(sent[0], 'json')).service, 'dynamodb');
});
