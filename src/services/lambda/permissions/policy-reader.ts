// The small interface Lambda exports for services that must check, inside their own transaction, that
// a function exists and what its resource-based policy allows — S3's PutBucketNotificationConfiguration
// validates its Lambda destinations this way ("Amazon S3 verifies that the Lambda function
// permissions grant Amazon S3 permission to invoke the function from the Amazon S3 bucket",
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html).
import type { ReadTx } from '../../../storage/store.js';
import { parseFunctionRef } from '../function-ref.js';
import { getFunctionPolicy } from './keys.js';
import { findTarget } from './target.js';

export interface FunctionPolicyInfo {
  /** The ARN the policy's statements name (unqualified for $LATEST, qualified otherwise). */
  resourceArn: string;
  /** The policy document as JSON, when the function (qualifier) has one. */
  policy?: string;
}

export interface FunctionPolicyReader {
  /** Undefined when no such function (or version/alias) exists in this region. */
  read(tx: ReadTx, accountId: string, functionArnOrName: string): Promise<FunctionPolicyInfo | undefined>;
}

export function createFunctionPolicyReader(region: string): FunctionPolicyReader {
  return {
    async read(tx, accountId, functionArnOrName) {
      const ref = parseFunctionRef(functionArnOrName);
      if (!ref || (ref.region !== undefined && ref.region !== region)) return undefined;
      const account = ref.account ?? accountId;
      const { fn, target } = await findTarget(tx, region, account, ref.name, ref.qualifier);
      if (!fn || !target) return undefined;
      const policy = await getFunctionPolicy(tx, account, ref.name, target.qualifier, fn.created);
      return policy === undefined
        ? { resourceArn: target.resourceArn }
        : { resourceArn: target.resourceArn, policy };
    },
  };
}
