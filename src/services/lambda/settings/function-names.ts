// FunctionName as Lambda's settings operations accept it: a name (`my-function`), a partial ARN
// (`123456789012:function:my-function`) or a full ARN, each with an optional `:qualifier` suffix
// (`my-function:prod`). The model's pattern has already been checked by the codec.
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html#API_PutFunctionEventInvokeConfig_RequestSyntax
import { ServiceError } from '../../../server/service-error.js';

export interface FunctionRef {
  /** The bare function name. */
  name: string;
  /** The `:qualifier` suffix of the name, when there was one. */
  qualifier?: string;
}

export function parseFunctionName(functionName: string): FunctionRef {
  const parts = functionName.split(':');
  const at = parts.indexOf('function');
  const [name, qualifier] = at >= 0 ? [parts[at + 1], parts[at + 2]] : [parts[0], parts[1]];
  return qualifier === undefined ? { name: name ?? functionName } : { name: name ?? functionName, qualifier };
}

/**
 * The qualifier an operation applies to: the name's suffix or the Qualifier parameter, which must
 * agree when both are given (the message Invoke and the other qualified operations return).
 */
export function effectiveQualifier(ref: FunctionRef, qualifier: string | undefined): string | undefined {
  if (ref.qualifier !== undefined && qualifier !== undefined && ref.qualifier !== qualifier) {
    throw new ServiceError(
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
      400,
      { Type: 'User' },
    );
  }
  return qualifier ?? ref.qualifier;
}

export const unqualifiedArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`;

export const qualifiedArn = (region: string, accountId: string, name: string, qualifier: string): string =>
  `${unqualifiedArn(region, accountId, name)}:${qualifier}`;

/** The account id inside a function ARN. */
export function accountOfArn(functionArn: string): string | undefined {
  return functionArn.split(':')[4];
}

export function userError(code: string, message: string, status = 400): ServiceError {
  return new ServiceError(code, message, status, { Type: 'User' });
}

/** An error Lambda answers without the usual Type member (as LocalStack's AWS-validated snapshots record). */
export function untypedError(code: string, message: string, status = 400): ServiceError {
  return new ServiceError(code, message, status, { Type: undefined });
}
