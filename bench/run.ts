// `npm run bench`: every benchmark the issues name. Prints medians, p99 and ratios against floors
// measured in the same run. Not part of `npm test`. `npm run bench -- s3` runs only the named ones.
import { benchApiGateway } from './apigateway.js';
import { benchLambda } from './lambda.js';
import { benchS3 } from './s3.js';

const all: Record<string, () => Promise<void>> = {
  lambda: benchLambda,
  s3: benchS3,
  apigateway: benchApiGateway,
};
const chosen = process.argv.slice(2).filter((name) => name in all);
for (const name of chosen.length ? chosen : Object.keys(all)) await all[name]!();
