// What the HTTP API service needs from the rest of Cumulo, and the state its operations share.
import type { LogSink } from '../../runtime/log-sink.js';
import type { Store } from '../../storage/store.js';
import type { HttpRequest } from '../http-events/index.js';
import type { InvokeTarget, InvokeTargetResolver } from '../lambda/invoke-target.js';
import type { Principal } from '../service.js';

export interface SyncInvokeResult {
  payload: Buffer;
  functionError?: string;
}

export interface ApiGatewayV2Deps {
  store: Store;
  region: string;
  /** Cumulo's own endpoint (read at use: known once the port is bound). */
  readonly endpointUrl: string;
  /** Where stages' access logs go: the log group of AccessLogSettings.DestinationArn. */
  logSink: LogSink;
  resolver: InvokeTargetResolver;
  /** Runs a resolved function synchronously (RequestResponse), through Lambda's concurrency limits. */
  invoke(target: InvokeTarget, payload: Buffer, requestId: string): Promise<SyncInvokeResult>;
  /**
   * Verifies the request's SigV4 signature and names the caller (routes with AuthorizationType
   * AWS_IAM); throws when it does not verify. Without it AWS_IAM routes answer 403.
   */
  authenticate?(req: HttpRequest): Promise<Principal>;
  /** Fetches a URL (JWT authorizers read the issuer's OpenID configuration and JWKS). */
  fetchJson?(url: string): Promise<unknown>;
  log?: (line: string) => void;
}

/** The invoke URL base of an API: `http://{apiId}.execute-api.localhost:{port}`. */
export function apiEndpoint(deps: ApiGatewayV2Deps, apiId: string): string {
  const url = new URL(deps.endpointUrl);
  return `${url.protocol}//${apiId}.execute-api.localhost${url.port ? ':' + url.port : ''}`;
}
