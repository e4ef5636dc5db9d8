// PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions, DeleteLayerVersion and
// the Content.Location download route, against a real SqliteStore and data directory.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLayerHandlers } from '../../../src/services/lambda/layers/index.js';
import type { OperationHandler } from '../../../src/services/service.js';
import {
  ACCOUNT,
  REGION,
  call,
  context,
  makeZip,
  openFixture,
  rejectsWith,
  type Fixture,
} from './fixtures.js';

const LAYER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:`;

describe('Lambda layers', () => {
  let fx: Fixture;
  let handlers: Record<string, OperationHandler>;
  let route: ReturnType<typeof createLayerHandlers>['rawRoutes'][number];
  let zip: Buffer;

  before(async () => {
    fx = openFixture();
    const layers = createLayerHandlers({
      store: fx.store,
      dataDir: fx.dir,
      accountId: ACCOUNT,
      region: REGION,
    });
    handlers = layers.handlers;
    route = layers.rawRoutes[0]!;
    zip = await makeZip([
      { name: 'nodejs/node_modules/greet/index.js', data: 'module.exports = () => "hi";' },
      { name: 'bin/tool', data: '#!/bin/sh\necho tool\n', mode: 0o100755 },
    ]);
  });
  after(() => fx.close());

  describe('PublishLayerVersion', () => {
    it('creates version 1 with ARNs, CodeSha256 (base64), CodeSize and AWS dates', async () => {
      const out: any = await call(handlers, 'PublishLayerVersion', {
        LayerName: 'greet',
        Content: { ZipFile: zip },
        CompatibleRuntimes: ['nodejs20.x'],
        CompatibleArchitectures: ['x86_64'],
        LicenseInfo: 'MIT',
      });
      assert.equal(out.LayerArn, `${LAYER_ARN}greet`);
      assert.equal(out.LayerVersionArn, `${LAYER_ARN}greet:1`);
      assert.equal(out.Version, 1);
      assert.equal(out.Description, '');
      assert.equal(out.LicenseInfo, 'MIT');
      assert.deepEqual(out.CompatibleRuntimes, ['nodejs20.x']);
      assert.deepEqual(out.CompatibleArchitectures, ['x86_64']);
      assert.equal(out.Content.CodeSha256, createHash('sha256').update(zip).digest('base64'));
      assert.equal(out.Content.CodeSize, zip.length);
      assert.match(out.CreatedDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      assert.match(
        out.Content.Location,
        /^http:\/\/127\.0\.0\.1:4566\/_cumulo\/lambda\/layers\/[0-9a-f]{64}\.zip\?/,
      );
    });

    it('numbers each publish of the same name one higher', async () => {
      const out: any = await call(handlers, 'PublishLayerVersion', {
        LayerName: 'greet',
        Description: 'second',
        Content: { ZipFile: zip },
        CompatibleRuntimes: ['python3.12'],
      });
      assert.equal(out.Version, 2);
      assert.equal(out.Description, 'second');
      assert.equal(out.CompatibleArchitectures, undefined);
    });

    it('keeps the zip and unpacks it once, keeping file modes', async () => {
      const sha = createHash('sha256').update(zip).digest('hex');
      assert.deepEqual(readFileSync(path.join(fx.dir, 'lambda', 'layers', `${sha}.zip`)), zip);
      const dir = path.join(fx.dir, 'lambda', 'layers-unpacked', sha);
      assert.equal(readFileSync(path.join(dir, 'bin/tool'), 'utf8'), '#!/bin/sh\necho tool\n');
      assert.equal(statSync(path.join(dir, 'bin/tool')).mode & 0o777, 0o755);
      assert.ok(existsSync(path.join(dir, 'nodejs/node_modules/greet/index.js')));
    });

    it('accepts a layer ARN as LayerName', async () => {
      const out: any = await call(handlers, 'PublishLayerVersion', {
        LayerName: `${LAYER_ARN}by-arn`,
        Content: { ZipFile: zip },
      });
      assert.equal(out.LayerVersionArn, `${LAYER_ARN}by-arn:1`);
    });

    it('refuses a file that is not a zip', async () => {
      await rejectsWith(
        call(handlers, 'PublishLayerVersion', {
          LayerName: 'bad',
          Content: { ZipFile: Buffer.from('not a zip') },
        }),
        {
          code: 'InvalidParameterValueException',
          status: 400,
          message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
        },
      );
    });

    it('refuses entries that would land outside the layer directory', async () => {
      // yazl refuses to write `..`, so patch the name in both headers: "aa/evil" -> "../evil".
      const traversal = Buffer.from(
        (await makeZip([{ name: 'aa/evil', data: 'x' }])).toString('latin1').replaceAll('aa/evil', '../evil'),
        'latin1',
      );
      await rejectsWith(
        call(handlers, 'PublishLayerVersion', { LayerName: 'bad', Content: { ZipFile: traversal } }),
        {
          code: 'InvalidParameterValueException',
          status: 400,
          message: /Could not unzip/,
        },
      );
      const link = await makeZip([{ name: 'escape', data: '../../../../etc/passwd', mode: 0o120777 }]);
      await rejectsWith(
        call(handlers, 'PublishLayerVersion', { LayerName: 'bad', Content: { ZipFile: link } }),
        {
          code: 'InvalidParameterValueException',
          status: 400,
          message: /Could not unzip/,
        },
      );
      assert.equal(existsSync(path.join(fx.dir, 'lambda', 'evil')), false);
    });

    it('keeps symlinks that stay inside the layer', async () => {
      const withLink = await makeZip([
        { name: 'lib/libx.so.1', data: 'ELF' },
        { name: 'lib/libx.so', data: 'libx.so.1', mode: 0o120777 },
      ]);
      const out: any = await call(handlers, 'PublishLayerVersion', {
        LayerName: 'links',
        Content: { ZipFile: withLink },
      });
      const sha = Buffer.from(out.Content.CodeSha256, 'base64').toString('hex');
      assert.equal(
        readFileSync(path.join(fx.dir, 'lambda', 'layers-unpacked', sha, 'lib/libx.so'), 'utf8'),
        'ELF',
      );
    });

    it('answers Content without a zip as AWS', async () => {
      await rejectsWith(call(handlers, 'PublishLayerVersion', { LayerName: 'empty', Content: {} }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Missing Content',
      });
      await rejectsWith(
        call(handlers, 'PublishLayerVersion', {
          LayerName: 'empty',
          Content: { S3Bucket: 'nope', S3Key: 'layer.zip' },
        }),
        { code: 'InvalidParameterValueException', status: 400, message: /S3 Error Code: NoSuchBucket/ },
      );
    });
  });

  describe('GetLayerVersion / GetLayerVersionByArn', () => {
    it('finds a version by name, by layer ARN and by version ARN', async () => {
      const byName: any = await call(handlers, 'GetLayerVersion', { LayerName: 'greet', VersionNumber: 1 });
      assert.equal(byName.LayerVersionArn, `${LAYER_ARN}greet:1`);
      assert.equal(byName.LicenseInfo, 'MIT');
      const byArn: any = await call(handlers, 'GetLayerVersion', {
        LayerName: `${LAYER_ARN}greet`,
        VersionNumber: 2,
      });
      assert.equal(byArn.Description, 'second');
      const byVersionArn: any = await call(handlers, 'GetLayerVersionByArn', { Arn: `${LAYER_ARN}greet:2` });
      assert.equal(byVersionArn.Version, 2);
      assert.equal(byVersionArn.Content.CodeSize, zip.length);
    });

    it('answers ResourceNotFoundException for a missing layer or version', async () => {
      const notFound = {
        code: 'ResourceNotFoundException',
        status: 404,
        message: 'The resource you requested does not exist.',
      };
      await rejectsWith(call(handlers, 'GetLayerVersion', { LayerName: 'nope', VersionNumber: 1 }), notFound);
      await rejectsWith(
        call(handlers, 'GetLayerVersion', { LayerName: 'greet', VersionNumber: 99 }),
        notFound,
      );
      await rejectsWith(call(handlers, 'GetLayerVersionByArn', { Arn: `${LAYER_ARN}greet:99` }), notFound);
      // Another account's layer is not visible without layer permissions.
      await rejectsWith(
        call(handlers, 'GetLayerVersionByArn', {
          Arn: `arn:aws:lambda:${REGION}:210987654321:layer:greet:1`,
        }),
        notFound,
      );
    });

    it('refuses version numbers below 1', async () => {
      await rejectsWith(call(handlers, 'GetLayerVersion', { LayerName: 'greet', VersionNumber: 0 }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Layer Version Cannot be less than 1',
      });
    });
  });

  describe('ListLayers / ListLayerVersions', () => {
    it('lists each layer with its latest matching version', async () => {
      const all: any = await call(handlers, 'ListLayers', {});
      const greet = all.Layers.find((l: any) => l.LayerName === 'greet');
      assert.equal(greet.LayerArn, `${LAYER_ARN}greet`);
      assert.equal(greet.LatestMatchingVersion.Version, 2);
      assert.equal(greet.LatestMatchingVersion.Content, undefined);
      const node: any = await call(handlers, 'ListLayers', { CompatibleRuntime: 'nodejs20.x' });
      assert.deepEqual(
        node.Layers.map((l: any) => [l.LayerName, l.LatestMatchingVersion.Version]),
        [['greet', 1]],
      );
      const arm: any = await call(handlers, 'ListLayers', { CompatibleArchitecture: 'arm64' });
      assert.deepEqual(arm.Layers, []);
    });

    it('pages with Marker and MaxItems', async () => {
      const first: any = await call(handlers, 'ListLayers', { MaxItems: 1 });
      assert.equal(first.Layers.length, 1);
      assert.ok(first.NextMarker);
      const names = [first.Layers[0].LayerName];
      let marker = first.NextMarker;
      while (marker) {
        const next: any = await call(handlers, 'ListLayers', { MaxItems: 1, Marker: marker });
        names.push(...next.Layers.map((l: any) => l.LayerName));
        marker = next.NextMarker;
      }
      assert.deepEqual(names, ['by-arn', 'greet', 'links']);
    });

    it('lists versions newest first, filtered, paged', async () => {
      const out: any = await call(handlers, 'ListLayerVersions', { LayerName: 'greet' });
      assert.deepEqual(
        out.LayerVersions.map((v: any) => v.LayerVersionArn),
        [`${LAYER_ARN}greet:2`, `${LAYER_ARN}greet:1`],
      );
      assert.equal(out.NextMarker, undefined);
      const py: any = await call(handlers, 'ListLayerVersions', {
        LayerName: 'greet',
        CompatibleRuntime: 'python3.12',
      });
      assert.deepEqual(
        py.LayerVersions.map((v: any) => v.Version),
        [2],
      );
      const page1: any = await call(handlers, 'ListLayerVersions', { LayerName: 'greet', MaxItems: 1 });
      const page2: any = await call(handlers, 'ListLayerVersions', {
        LayerName: 'greet',
        MaxItems: 1,
        Marker: page1.NextMarker,
      });
      assert.deepEqual([page1.LayerVersions[0].Version, page2.LayerVersions[0].Version], [2, 1]);
      assert.equal(page2.NextMarker, undefined);
    });

    it('answers an empty list for a layer that does not exist', async () => {
      const out: any = await call(handlers, 'ListLayerVersions', { LayerName: 'nope' });
      assert.deepEqual(out, { LayerVersions: [] });
    });
  });

  describe('DeleteLayerVersion', () => {
    it('deletes, is idempotent, and never reuses a version number', async () => {
      await call(handlers, 'PublishLayerVersion', { LayerName: 'temp', Content: { ZipFile: zip } });
      assert.deepEqual(
        await call(handlers, 'DeleteLayerVersion', { LayerName: 'temp', VersionNumber: 1 }),
        {},
      );
      assert.deepEqual(
        await call(handlers, 'DeleteLayerVersion', { LayerName: 'temp', VersionNumber: 1 }),
        {},
      );
      assert.deepEqual(
        await call(handlers, 'DeleteLayerVersion', { LayerName: 'never', VersionNumber: 3 }),
        {},
      );
      const listed: any = await call(handlers, 'ListLayers', {});
      assert.equal(
        listed.Layers.find((l: any) => l.LayerName === 'temp'),
        undefined,
      );
      const again: any = await call(handlers, 'PublishLayerVersion', {
        LayerName: 'temp',
        Content: { ZipFile: zip },
      });
      assert.equal(again.Version, 2);
      // Other versions' files stay for the functions that use them.
      const sha = Buffer.from(again.Content.CodeSha256, 'base64').toString('hex');
      assert.ok(existsSync(path.join(fx.dir, 'lambda', 'layers', `${sha}.zip`)));
    });
  });

  describe('Content.Location', () => {
    const get = (url: string) => {
      const u = new URL(url);
      return route({
        method: 'GET',
        path: u.pathname,
        rawQuery: u.search.slice(1),
        query: [...u.searchParams.entries()],
        headers: {},
        body: Buffer.alloc(0),
        sourceIp: '127.0.0.1',
        protocol: 'HTTP/1.1',
      });
    };
    const read = async (body: unknown) => {
      const chunks: Buffer[] = [];
      for await (const c of body as Readable) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };

    it('downloads the zip with a plain GET', async () => {
      const out: any = await call(handlers, 'GetLayerVersion', { LayerName: 'greet', VersionNumber: 1 });
      const res = await get(out.Content.Location);
      assert.equal(res?.status, 200);
      assert.equal(res?.headers['content-type'], 'application/zip');
      assert.deepEqual(await read(res?.body), zip);
    });

    it('refuses a tampered or expired link and passes other paths', async () => {
      const out: any = await call(handlers, 'GetLayerVersion', { LayerName: 'greet', VersionNumber: 1 });
      const url = new URL(out.Content.Location);
      url.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 1));
      assert.equal((await get(url.toString()))?.status, 403);
      const noSignature = out.Content.Location.replace(/Signature=[0-9a-f]+/, 'Signature=00');
      assert.equal((await get(noSignature))?.status, 403);
      assert.equal(await get('http://127.0.0.1:4566/2018-10-31/layers'), undefined);
    });

    it('refuses a link whose time is up', async () => {
      const { DownloadUrls } = await import('../../../src/services/lambda/layers/download-url.js');
      const urls = new DownloadUrls(fx.store, fx.dir);
      const sha = createHash('sha256').update(zip).digest('hex');
      const old = await urls.sign('http://127.0.0.1:4566', sha, Date.now() - 601_000);
      const res = await get(old);
      assert.equal(res?.status, 403);
      assert.match(String(res?.body), /Request has expired/);
    });
  });

  it('keeps layers across a reopen of the store', async () => {
    await fx.store.close();
    const { SqliteStore } = await import('../../../src/storage/sqlite-store.js');
    fx.store = new SqliteStore(path.join(fx.dir, 'cumulo.db'));
    const again = createLayerHandlers({
      store: fx.store,
      dataDir: fx.dir,
      accountId: ACCOUNT,
      region: REGION,
    });
    const out: any = await call(
      again.handlers,
      'GetLayerVersion',
      { LayerName: 'greet', VersionNumber: 2 },
      context(),
    );
    assert.equal(out.Description, 'second');
  });
});
