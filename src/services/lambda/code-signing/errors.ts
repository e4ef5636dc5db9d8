// The code signing errors, with AWS's codes, statuses and texts:
// - a configuration named by its ARN that does not exist: ResourceNotFoundException (404) "The Lambda
//   code signing configuration <arn> can not be found." for Get/Update/Delete/ListFunctionsBy, and
//   CodeSigningConfigNotFoundException (404) "The code signing configuration cannot be found. Check
//   that the provided configuration is not deleted: <arn>." when a function is to use it (LocalStack's
//   Lambda provider, whose texts are recorded against AWS);
// - a deployment refused by an Enforce policy: CodeVerificationFailedException (400), the error the API
//   reference gives for "failed one or more of the validation checks for signature mismatch or expiry,
//   and the code signing policy is set to ENFORCE", with the text users recorded from AWS for an unsigned
//   package ("Lambda cannot deploy the function. … Check the provided signature for <function>.",
//   aws/aws-cdk#29474 and the aws-samples code signing walkthroughs).
import { ServiceError } from '../../../server/service-error.js';

const user = { Type: 'User' };

/** Without a Type member, as the AWS-validated snapshot TestCodeSigningConfig::test_code_signing_not_found_excs records. */
export function configNotFound(arn: string): ServiceError {
  return new ServiceError(
    'ResourceNotFoundException',
    `The Lambda code signing configuration ${arn} can not be found.`,
    404,
    { Type: undefined },
  );
}

export function configNotFoundForFunction(arn: string): ServiceError {
  return new ServiceError(
    'CodeSigningConfigNotFoundException',
    `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${arn}.`,
    404,
    user,
  );
}

export function configInUse(arn: string): ServiceError {
  return new ServiceError(
    'ResourceConflictException',
    `The code signing configuration ${arn} is in use by one or more functions.`,
    409,
    user,
  );
}

/** `subject` is the function as the failing request named it (see verification.ts). */
export function verificationFailed(subject: string): ServiceError {
  return new ServiceError(
    'CodeVerificationFailedException',
    'Lambda cannot deploy the function. The function or layer might be signed using a signature that the ' +
      `client is not configured to accept. Check the provided signature for ${subject}.`,
    400,
    user,
  );
}
