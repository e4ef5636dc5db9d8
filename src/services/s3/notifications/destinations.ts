// Destination validation for PutBucketNotificationConfiguration: "In the case of AWS Lambda
// destinations, Amazon S3 verifies that the Lambda function permissions grant Amazon S3 permission to
// invoke the function from the Amazon S3 bucket" — unless x-amz-skip-destination-validation is true.
// Every destination that fails is named in one InvalidArgument error, numbered as S3 numbers them:
//   <Message>Unable to validate the following destination configurations</Message>
//   <ArgumentName1>arn:aws:lambda:…:function:f, null</ArgumentName1>
//   <ArgumentValue1>Not authorized to invoke function [arn:aws:lambda:…:function:f]</ArgumentValue1>
// (S3's answer as users have recorded it, e.g. awslabs/aws-lambda-redshift-loader#219). S3 cannot tell a
// missing function from a refused one, and answers the same for both.
import type { ReadTx } from '../../../storage/store.js';
import { ServiceError } from '../../../server/service-error.js';
import { serviceMayInvoke } from '../../../iam/resource-policy-invoke.js';
import type { Destination } from './config.js';

export const S3_PRINCIPAL = 's3.amazonaws.com';

/** Lambda's view of its functions and their policies (services/lambda/permissions/policy-reader.ts). */
export interface FunctionPolicies {
  read(
    tx: ReadTx,
    accountId: string,
    functionArn: string,
  ): Promise<{ resourceArn: string; policy?: string } | undefined>;
}

const LAMBDA_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9$_-]+)?$/;
const SNS_ARN = /^arn:aws[a-zA-Z-]*:sns:([a-z0-9-]+):(\d{12}):[a-zA-Z0-9-_]{1,256}$/;
const SQS_ARN = /^arn:aws[a-zA-Z-]*:sqs:([a-z0-9-]+):(\d{12}):[a-zA-Z0-9-_]{1,80}(\.fifo)?$/;

/** The account a destination ARN names. */
export function accountOfArn(arn: string): string | undefined {
  return arn.split(':')[4];
}

/** ARN form and region, checked whether or not destinations are validated. */
export function checkArns(destinations: Destination[], region: string): void {
  for (const d of destinations) {
    const pattern = d.kind === 'lambda' ? LAMBDA_ARN : d.kind === 'topic' ? SNS_ARN : SQS_ARN;
    const argument = d.kind === 'lambda' ? 'CloudFunction' : d.kind === 'topic' ? 'Topic' : 'Queue';
    const m = pattern.exec(d.arn);
    if (!m) {
      throw new ServiceError('InvalidArgument', 'The ARN could not be parsed', 400, {
        ArgumentName: argument,
        ArgumentValue: d.arn,
      });
    }
    if (m[1] !== region) {
      throw new ServiceError(
        'InvalidArgument',
        'The notification destination service region is not valid for the bucket location constraint',
        400,
        { ArgumentName: argument, ArgumentValue: d.arn },
      );
    }
  }
}

/** Checks every destination; throws the one InvalidArgument naming all that failed. */
export async function validateDestinations(
  tx: ReadTx,
  functions: FunctionPolicies,
  destinations: Destination[],
  source: { bucket: string; accountId: string },
): Promise<void> {
  const failed: Array<{ name: string; value: string }> = [];
  for (const d of destinations) {
    if (d.kind === 'lambda') {
      const fn = await functions.read(tx, source.accountId, d.arn);
      const allowed =
        fn !== undefined &&
        serviceMayInvoke(
          { invokedArn: fn.resourceArn, ...(fn.policy !== undefined ? { policy: fn.policy } : {}) },
          {
            principal: S3_PRINCIPAL,
            sourceArn: `arn:aws:s3:::${source.bucket}`,
            sourceAccount: source.accountId,
          },
        );
      if (!allowed)
        failed.push({ name: `${d.arn}, null`, value: `Not authorized to invoke function [${d.arn}]` });
    } else {
      // Cumulo serves no SNS topics or SQS queues yet: such a destination cannot be validated.
      failed.push({
        name: d.arn,
        value:
          d.kind === 'topic'
            ? 'The destination topic does not exist'
            : 'The destination queue does not exist',
      });
    }
  }
  if (failed.length === 0) return;
  const fields: Record<string, string> = {};
  failed.forEach((f, i) => {
    fields[`ArgumentName${i + 1}`] = f.name;
    fields[`ArgumentValue${i + 1}`] = f.value;
  });
  throw new ServiceError(
    'InvalidArgument',
    'Unable to validate the following destination configurations',
    400,
    fields,
  );
}
