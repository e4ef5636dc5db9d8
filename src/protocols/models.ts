// Loads the AWS service models that scripts/import-models.mjs wrote to models/<name>.json.gz.
// They are committed, so the server never needs awscli or aws-sdk's apis/ at run time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ServiceModel } from './model-types.js';

export const MODEL_NAMES = [
  'lambda',
  's3',
  'sts',
  'iam',
  'kinesis',
  'dynamodb',
  'dynamodbstreams',
  'apigateway',
  'apigatewayv2',
  'logs',
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

const cache = new Map<string, ServiceModel>();
let modelsDir: string | undefined;

/** The repository's models/ folder: found upwards from this file (src/ or dist/src/). */
function findModelsDir(): string {
  if (modelsDir) return modelsDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'models');
    if (existsSync(join(candidate, 'lambda.json.gz'))) return (modelsDir = candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('models/ folder not found (run scripts/import-models.mjs)');
    dir = parent;
  }
}

/** The service model by its short name ('lambda', 's3', 'dynamodb'...), parsed once. */
export function loadModel(name: ModelName | string): ServiceModel {
  const cached = cache.get(name);
  if (cached) return cached;
  const file = join(findModelsDir(), `${name}.json.gz`);
  if (!existsSync(file)) throw new Error(`no model for service '${name}'`);
  const model = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ServiceModel;
  cache.set(name, model);
  return model;
}
