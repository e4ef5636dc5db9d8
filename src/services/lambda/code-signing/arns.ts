// Code signing configuration ids and ARNs, in the forms the API reference gives:
// CodeSigningConfigId `csc-[a-zA-Z0-9-_\.]{17}`, CodeSigningConfigArn
// `arn:aws:lambda:<region>:<account>:code-signing-config:csc-[a-z0-9]{17}`
// (https://docs.aws.amazon.com/lambda/latest/api/API_CodeSigningConfig.html). AWS's own ids are
// 17 lowercase hex digits after `csc-` (e.g. csc-0f6c334abcdea4d8b in its examples).
import { randomBytes } from 'node:crypto';

export function newConfigId(): string {
  return `csc-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

export function configArn(region: string, accountId: string, configId: string): string {
  return `arn:aws:lambda:${region}:${accountId}:code-signing-config:${configId}`;
}

const ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):code-signing-config:(csc-[a-z0-9]{17})$/;

/** The parts of a configuration ARN; undefined when it is not one (the codec has checked the pattern). */
export function parseConfigArn(
  arn: string,
): { region: string; accountId: string; configId: string } | undefined {
  const m = ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, configId: m[3]! } : undefined;
}
