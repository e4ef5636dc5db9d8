// The runtimes Cumulo runs. AWS accepts more (java, dotnet, ruby); Cumulo answers those the way AWS
// answers an unknown runtime, listing what it can run instead (docs/compatibility.md).
import { invalidParameter } from './errors.js';

export const SUPPORTED_RUNTIMES = [
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'provided.al2',
  'provided.al2023',
] as const;

/**
 * Runtimes AWS no longer lets a function be created or updated with, and AWS's suggested successor:
 * "The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda
 * functions. We recommend you use the new runtime (nodejs20.x) while creating or updating functions."
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated)
 */
const DEPRECATED: Record<string, string> = {
  nodejs: 'nodejs20.x',
  'nodejs4.3': 'nodejs20.x',
  'nodejs4.3-edge': 'nodejs20.x',
  'nodejs6.10': 'nodejs20.x',
  'nodejs8.10': 'nodejs20.x',
  'nodejs10.x': 'nodejs20.x',
  'nodejs12.x': 'nodejs20.x',
  'nodejs14.x': 'nodejs20.x',
  'nodejs16.x': 'nodejs20.x',
  'python2.7': 'python3.12',
  'python3.6': 'python3.12',
  'python3.7': 'python3.12',
  'python3.8': 'python3.12',
  provided: 'provided.al2023',
};

/** Throws InvalidParameterValueException as AWS does for a runtime it cannot create a function with. */
export function checkRuntime(runtime: string): void {
  if ((SUPPORTED_RUNTIMES as readonly string[]).includes(runtime)) return;
  const successor = DEPRECATED[runtime];
  if (successor) {
    throw invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${successor}) while creating or updating functions.`,
    );
  }
  throw invalidParameter(
    `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(', ')}] or be a valid ARN`,
  );
}
