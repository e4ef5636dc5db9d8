// The photo app of examples/thumbnail, run as a user runs it (node deploy-and-run.mjs against the
// endpoint): the bundled jimp function, its permission, the bucket notification, and a thumbnail of
// the right size in the second bucket, checked here independently through the S3 client.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Jimp } from 'jimp';
import { runScript, startCumulo, type CumuloProcess } from './harness.js';

const SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../examples/thumbnail/deploy-and-run.mjs',
);

let server: CumuloProcess;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cumulo-thumbnail-'));

before(async () => {
  server = await startCumulo();
});
after(async () => {
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

async function runScenario(args: string[]): Promise<{ code: number; steps: any[]; stderr: string }> {
  const run = await runScript(server, SCRIPT, args);
  const steps = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  return { code: run.code, steps, stderr: run.stderr };
}

describe('examples/thumbnail', () => {
  it('deploys the photo app, and an uploaded photo gets its thumbnail in the second bucket', async () => {
    const photo = path.join(tmp, 'red flower.jpg');
    const image = new Jimp({ width: 800, height: 600, color: 0xcc2233ff });
    writeFileSync(photo, await image.getBuffer('image/jpeg'));

    const run = await runScenario([photo]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.steps.map((s) => s.step),
      ['buckets', 'function', 'notification', 'uploaded', 'thumbnail'],
    );
    assert.deepEqual(run.steps[4], {
      step: 'thumbnail',
      bucket: 'photos-resized',
      key: 'resized-red flower.jpg',
      width: 100,
      height: 75,
    });

    const s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
    const lambda = new LambdaClient(server.clientConfig);
    try {
      const out = await s3.send(
        new GetObjectCommand({ Bucket: 'photos-resized', Key: 'resized-red flower.jpg' }),
      );
      assert.equal(out.ContentType, 'image/jpeg');
      const thumb = await Jimp.read(Buffer.from(await out.Body!.transformToByteArray()));
      assert.equal(thumb.width, 100);
      assert.equal(thumb.height, 75);
      // The permission the script added names the bucket and the account.
      const policy = JSON.parse(
        (await lambda.send(new GetPolicyCommand({ FunctionName: 'CreateThumbnail' }))).Policy!,
      );
      assert.deepEqual(policy.Statement[0].Condition, {
        StringEquals: { 'AWS:SourceAccount': '000000000000' },
        ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::photos' },
      });
    } finally {
      s3.destroy();
      lambda.destroy();
    }
  });

  it('runs again on the deployed app with its generated photo', async () => {
    const run = await runScenario([]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.steps.at(-1), {
      step: 'thumbnail',
      bucket: 'photos-resized',
      key: 'resized-sample photo.png',
      width: 100,
      height: 75,
    });
  });
});
