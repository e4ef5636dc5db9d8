// Signature validation of a deployment. Cumulo has no AWS Signer, so every package and layer is
// unsigned: a function whose configuration says Enforce cannot take new code (CreateFunction,
// UpdateFunctionCode) or layers (UpdateFunctionConfiguration with Layers), and with Warn the deployment
// proceeds with a warning in the server's log (AWS emits a SignatureValidationErrors metric and a
// CloudTrail warning instead). Publishing a layer is not a deployment to a function and is not checked.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html
import type { ReadTx } from '../../../storage/store.js';
import { parseConfigArn } from './arns.js';
import { configNotFoundForFunction, verificationFailed } from './errors.js';
import { getConfig, getFunctionConfigId, type StoredCodeSigningConfig } from './keys.js';

/** The configuration an ARN names in this region, undefined when there is none. */
export async function findConfig(
  tx: ReadTx,
  region: string,
  arn: string,
): Promise<StoredCodeSigningConfig | undefined> {
  const parts = parseConfigArn(arn);
  if (!parts || parts.region !== region) return undefined;
  return getConfig(tx, parts.accountId, parts.configId);
}

/** The configuration a function is to use (CreateFunction's CodeSigningConfigArn, PutFunctionCodeSigningConfig). */
export async function requireConfigForFunction(
  tx: ReadTx,
  region: string,
  arn: string,
): Promise<StoredCodeSigningConfig> {
  const config = await findConfig(tx, region, arn);
  if (!config) throw configNotFoundForFunction(arn);
  return config;
}

/** The configuration a function uses, undefined when it has none. */
export async function configOfFunction(
  tx: ReadTx,
  accountId: string,
  functionName: string,
): Promise<StoredCodeSigningConfig | undefined> {
  const id = await getFunctionConfigId(tx, accountId, functionName);
  return id === undefined ? undefined : getConfig(tx, accountId, id);
}

/**
 * Validates an unsigned deployment against a function's configuration (none: nothing to check).
 * `subject` names the function in the error: AWS's text names it as the request did on create
 * (aws/aws-cdk#29474 shows the name) and by its ARN on a later deployment (the aws-samples
 * walkthrough shows the function ARN).
 */
export function verifyUnsignedDeployment(config: StoredCodeSigningConfig | undefined, subject: string): void {
  if (!config) return;
  if (config.UntrustedArtifactOnDeployment === 'Enforce') throw verificationFailed(subject);
  process.stderr.write(
    `lambda: code signing: ${subject} deployed unsigned code; its code signing configuration ` +
      `${config.Id} allows it (UntrustedArtifactOnDeployment Warn)\n`,
  );
}

/** Reads a function's configuration and validates an unsigned deployment to it. */
export async function verifyFunctionDeployment(
  tx: ReadTx,
  accountId: string,
  functionName: string,
  subject: string,
): Promise<void> {
  verifyUnsignedDeployment(await configOfFunction(tx, accountId, functionName), subject);
}
