// Identifiers as API Gateway forms them: lowercase alphanumerics, 10 characters for REST API, root
// resource and API key ids (`tvyxjoz7c3`), 6 for child resources, deployments, authorizers, usage
// plans, models and request validators (`024ace`), 40 for generated API key values. (Shapes from the
// examples in the API Gateway CLI reference, e.g. `aws apigateway get-resources`.)
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(length: number): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

export const restApiId = (): string => randomId(10);
export const rootResourceId = (): string => randomId(10);
export const resourceId = (): string => randomId(6);
export const deploymentId = (): string => randomId(6);
export const authorizerId = (): string => randomId(6);
export const usagePlanId = (): string => randomId(6);
export const modelId = (): string => randomId(6);
export const requestValidatorId = (): string => randomId(6);
export const apiKeyId = (): string => randomId(10);

/** Generated API key values: 40 mixed-case alphanumerics, as the console shows them. */
export function apiKeyValue(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(40);
  let value = '';
  for (const b of bytes) value += chars[b % chars.length];
  return value;
}
