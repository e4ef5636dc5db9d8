// `aws lambda invoke` (Debian's AWS CLI v2) against a started Cumulo: what a CLI user sees.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';
import { REPORTING_HANDLER, Sink } from '../unit/invoke/report-sink.js';

let server: CumuloProcess;
const sink = new Sink();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cumulo-e2e-invoke-cli-'));
const out = path.join(tmp, 'out.json');

const invoke = (...args: string[]) =>
  awsCli(server, [
    'lambda',
    'invoke',
    '--function-name',
    'cli-fn',
    '--cli-binary-format',
    'raw-in-base64-out',
    ...args,
    out,
  ]);

before(async () => {
  await sink.start();
  server = await startCumulo();
  const zip = path.join(tmp, 'fn.zip');
  writeFileSync(zip, await handlerZip(REPORTING_HANDLER));
  const created = await awsCli(server, [
    'lambda',
    'create-function',
    '--function-name',
    'cli-fn',
    '--runtime',
    'nodejs20.x',
    '--role',
    'arn:aws:iam::000000000000:role/lambda-role',
    '--handler',
    'index.handler',
    '--zip-file',
    `fileb://${zip}`,
    '--environment',
    JSON.stringify({ Variables: { SINK: sink.url } }),
  ]);
  assert.equal(created.code, 0, created.stderr);
  const waited = await awsCli(server, ['lambda', 'wait', 'function-active-v2', '--function-name', 'cli-fn']);
  assert.equal(waited.code, 0, waited.stderr);
});

after(async () => {
  await server?.dispose();
  sink.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('aws lambda invoke', () => {
  it("writes the function's answer to the outfile and prints StatusCode and ExecutedVersion", async () => {
    const r = await invoke('--payload', '{"from":"cli"}');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json, { StatusCode: 200, ExecutedVersion: '$LATEST' });
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), { ok: true, event: { from: 'cli' } });
  });

  it('prints the base64 log tail with --log-type Tail', async () => {
    const r = await invoke('--log-type', 'Tail', '--payload', '{"n":1}');
    assert.equal(r.code, 0, r.stderr);
    assert.match(Buffer.from(r.json.LogResult, 'base64').toString(), /handling \{"n":1\}/);
  });

  it('prints FunctionError for a failing function', async () => {
    const r = await invoke('--payload', '{"fail":true}');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json.FunctionError, 'Unhandled');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).errorMessage, 'failing on purpose');
  });

  it('queues with --invocation-type Event (202) and accepts --invocation-type DryRun (204)', async () => {
    const event = await invoke('--invocation-type', 'Event', '--payload', '{"queued":"cli"}');
    assert.equal(event.code, 0, event.stderr);
    assert.deepEqual(event.json, { StatusCode: 202 });
    await sink.waitFor((r) => r.event?.queued === 'cli');
    const dry = await invoke('--invocation-type', 'DryRun');
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(dry.json, { StatusCode: 204 });
  });

  it('queues with the deprecated invoke-async, whose body botocore signs without x-amz-content-sha256', async () => {
    const args = path.join(tmp, 'args.json');
    writeFileSync(args, '{"legacy":"cli"}');
    const r = await awsCli(server, [
      'lambda',
      'invoke-async',
      '--function-name',
      'cli-fn',
      '--invoke-args',
      args,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json, { Status: 202 });
    await sink.waitFor((rec) => rec.event?.legacy === 'cli');
  });

  it("shows AWS's error for a payload that is not JSON", async () => {
    const r = await invoke('--payload', 'not-json');
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /An error occurred \(InvalidRequestContentException\) when calling the Invoke operation( \(reached max retries: 0\))?: Could not parse request body into json: Could not parse payload into json: Unrecognized token 'not'/,
    );
  });
});
