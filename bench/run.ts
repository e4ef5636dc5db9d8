// `npm run bench`: every benchmark the issues name. Prints medians, p99 and ratios against floors
// measured in the same run. Not part of `npm test`.
import { benchLambda } from './lambda.js';

await benchLambda();
