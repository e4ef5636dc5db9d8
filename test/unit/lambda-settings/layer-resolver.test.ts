// LayerResolver: what CreateFunction gets for its Layers, and the errors it passes on.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createLayerHandlers,
  createLayerResolver,
  type LayerResolver,
} from '../../../src/services/lambda/layers/index.js';
import { ACCOUNT, REGION, call, makeZip, openFixture, rejectsWith, type Fixture } from './fixtures.js';

const arn = (name: string, version: number, region = REGION) =>
  `arn:aws:lambda:${region}:${ACCOUNT}:layer:${name}:${version}`;

describe('LayerResolver', () => {
  let fx: Fixture;
  let resolver: LayerResolver;
  let zip: Buffer;

  before(async () => {
    fx = openFixture();
    const { handlers } = createLayerHandlers({
      store: fx.store,
      dataDir: fx.dir,
      accountId: ACCOUNT,
      region: REGION,
    });
    resolver = createLayerResolver({ store: fx.store, dataDir: fx.dir, region: REGION });
    zip = await makeZip([{ name: 'python/helper.py', data: 'X = 1\n' }]);
    for (const name of ['a', 'a', 'b', 'c', 'd', 'e', 'f']) {
      await call(handlers, 'PublishLayerVersion', { LayerName: name, Content: { ZipFile: zip } });
    }
  });
  after(() => fx.close());

  it('resolves ARNs in order to their size and unpacked directory', async () => {
    const layers = await resolver.resolve(ACCOUNT, [arn('b', 1), arn('a', 2)]);
    assert.deepEqual(
      layers.map((l) => [l.Arn, l.CodeSize]),
      [
        [arn('b', 1), zip.length],
        [arn('a', 2), zip.length],
      ],
    );
    assert.equal(readFileSync(path.join(layers[0]!.dir, 'python/helper.py'), 'utf8'), 'X = 1\n');
  });

  it('unpacks again when the directory went missing', async () => {
    const [layer] = await resolver.resolve(ACCOUNT, [arn('c', 1)]);
    rmSync(layer!.dir, { recursive: true });
    const [again] = await resolver.resolve(ACCOUNT, [arn('c', 1)]);
    assert.ok(existsSync(path.join(again!.dir, 'python/helper.py')));
  });

  it('refuses more than 5 layers', async () => {
    await rejectsWith(
      resolver.resolve(
        ACCOUNT,
        ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => arn(n, 1)),
      ),
      {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Cannot reference more than 5 layers.',
      },
    );
  });

  it('refuses a layer version that does not exist', async () => {
    await rejectsWith(resolver.resolve(ACCOUNT, [arn('a', 9)]), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: `Layer version ${arn('a', 9)} does not exist.`,
    });
    await rejectsWith(resolver.resolve('210987654321', [arn('a', 1)]), {
      code: 'InvalidParameterValueException',
      status: 400,
      message: `Layer version ${arn('a', 1)} does not exist.`,
    });
  });

  it('refuses a layer from another region', async () => {
    await rejectsWith(resolver.resolve(ACCOUNT, [arn('a', 1, 'eu-west-1')]), {
      code: 'InvalidParameterValueException',
      status: 400,
      message:
        'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.',
    });
  });

  it('refuses two versions of the same layer', async () => {
    await rejectsWith(resolver.resolve(ACCOUNT, [arn('a', 1), arn('a', 2)]), {
      code: 'InvalidParameterValueException',
      status: 400,
      message:
        'Two different versions of the same layer are not allowed to be referenced in the same function. ' +
        `${arn('a', 1)} and ${arn('a', 2)} are versions of the same layer.`,
    });
  });
});
