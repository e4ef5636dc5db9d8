// What the REST API data plane needs from the rest of Cumulo: the store, Lambda's invoke seam
// (resolver + a synchronous run, and the async queue), and the SigV4 check for AWS_IAM methods.
import type { LogSink } from '../../../runtime/log-sink.js';
import type { Store } from '../../../storage/store.js';
import type { InvokeTarget, InvokeTargetResolver } from '../../lambda/invoke-target.js';
import type { Principal } from '../../service.js';
import type { HttpRequest } from '../../http-events/index.js';

export interface FunctionAnswer {
  payload: Buffer;
  /** Set when the function failed ('Unhandled'). */
  functionError?: string;
}

export interface DataPlaneDeps {
  store: Store;
  region: string;
  resolver: InvokeTargetResolver;
  /** Runs the resolved function synchronously (Lambda's RequestResponse path). */
  invoke(target: InvokeTarget, payload: Buffer, requestId: string): Promise<FunctionAnswer>;
  /**
   * Queues an asynchronous invocation (a non-proxy Lambda integration whose request maps
   * `X-Amz-Invocation-Type` to 'Event'). Without it such integrations answer 500.
   */
  invokeAsync?(target: InvokeTarget, payload: Buffer, requestId: string): Promise<void>;
  /**
   * Verifies the request's SigV4 signature (service `execute-api`) and names the caller; throws an
   * error carrying AWS's code (`name`/`code`) and message when it does not verify.
   */
  authenticate(req: HttpRequest): Promise<Principal>;
  log(line: string): void;
  /** Where stages' access logs go (accessLogSettings.destinationArn); without it none are written. */
  logSink?: LogSink;
}
