// An .mjs handler with no package.json of its own.
import { STSClient } from '@aws-sdk/client-sts';

export async function handler() {
  return { module: 'mjs', sdk: typeof STSClient };
}
