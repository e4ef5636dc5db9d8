// Checks of a function's configuration that AWS makes beyond the model's constraints (which the
// codec checks): Timeout's 900-second ceiling, environment variable size and reserved names, the
// Zip package's mandatory Runtime and Handler.
// Quotas: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
import { invalidParameter, validationOne } from './errors.js';

export const MAX_TIMEOUT_SECONDS = 900;
export const MAX_ENVIRONMENT_BYTES = 4096;

/** https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime */
const RESERVED_ENV = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

export function checkTimeout(timeout: number | undefined): void {
  if (timeout !== undefined && timeout > MAX_TIMEOUT_SECONDS) {
    throw validationOne(
      String(timeout),
      'timeout',
      `Member must have value less than or equal to ${MAX_TIMEOUT_SECONDS}`,
    );
  }
}

export function checkEnvironment(variables: Record<string, string> | undefined): void {
  if (!variables) return;
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENV.has(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}

/** "Runtime and Handler are mandatory parameters for functions created with deployment packages." */
export function checkZipRuntimeAndHandler(runtime: string | undefined, handler: string | undefined): void {
  if (!runtime || !handler) {
    throw invalidParameter(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  }
}

/** The 64-character limit of a function's name (the model allows longer ARNs). */
export function checkNameLength(name: string): void {
  if (name.length > 64) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  }
}
