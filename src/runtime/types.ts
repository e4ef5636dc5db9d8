// What the Lambda service hands the runtime layer, and what it gets back.
// The runtime layer knows nothing of the Lambda API: it runs execution environments.
import type { Readable } from 'node:stream';

export interface EnvironmentSpec {
  /** Identity of the configuration this environment runs; environments are reused only for the same key. */
  configKey: string;
  functionName: string;
  /** Unqualified function ARN. */
  functionArn: string;
  /** '$LATEST' or a published version number. */
  version: string;
  runtime: string;
  handler: string;
  memorySize: number;
  /** Seconds. */
  timeout: number;
  /** EphemeralStorage size in MB (512–10240). */
  ephemeralStorage: number;
  /** Directory holding the unpacked deployment package (LAMBDA_TASK_ROOT). */
  codeDir: string;
  /** Unpacked layer directories in layer order (each is an `/opt` equivalent). */
  layerDirs: string[];
  /** The user's Environment.Variables. */
  environment: Record<string, string>;
  /** Credentials for the function's execution role. */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  /** Endpoint of Cumulo itself, given to the function as AWS_ENDPOINT_URL. */
  endpointUrl: string;
  logGroupName: string;
}

export interface InvocationRequest {
  requestId: string;
  payload: Buffer;
  /** Invoked function ARN as the caller named it (qualified when a version/alias was used). */
  invokedFunctionArn: string;
  /** Base64 JSON as sent in X-Amz-Client-Context, passed through. */
  clientContext?: string;
  cognitoIdentity?: string;
  /** Collect this invocation's log lines for X-Amz-Log-Result. */
  tailLog?: boolean;
  /**
   * Called when the runtime answers in streaming mode (`Lambda-Runtime-Function-Response-Mode:
   * streaming`) with the response's content type and its body as the function writes it; the result's
   * payload is then empty (or the error from the stream's trailers). Without it, a streamed response
   * is buffered into the payload.
   */
  onResponseStream?: (stream: { contentType: string; body: Readable }) => void;
}

export interface InvocationResult {
  payload: Buffer;
  /** Set when the function failed ('Unhandled'): payload is the {errorType, errorMessage, trace} document. */
  functionError?: 'Unhandled' | 'Handled';
  /** Last 4 KB of the invocation's log lines, when asked for. */
  logTail?: string;
  /** Milliseconds spent in the handler. */
  durationMs: number;
  initDurationMs?: number;
  /** Content type of a streamed response (set only when the runtime streamed its answer). */
  streamContentType?: string;
}
