// What a service is to the server: its model, its signing name and one handler per AWS
// operation. Handlers take typed input and return typed output; they never see HTTP.
import type { ServiceModel } from '../protocols/model-types.js';
import type { HttpRequest, HttpResponse } from '../server/http-types.js';

export interface Principal {
  accountId: string;
  /** ARN of the caller: `arn:aws:iam::000000000000:root`, a user, or an assumed role. */
  arn: string;
  accessKeyId: string;
  /** True for the account root: IAM policies are not evaluated for it. */
  isRoot: boolean;
}

export interface RequestContext {
  requestId: string;
  accountId: string;
  region: string;
  principal: Principal;
  sourceIp: string;
  userAgent: string;
  /** Lower-cased request headers, for the few operations whose behaviour depends on one (e.g. S3's x-amz-skip-destination-validation is modelled, most are). */
  headers: Record<string, string>;
}

export type OperationHandler = (ctx: RequestContext, input: any) => Promise<Record<string, unknown>>;

export interface ServiceDefinition {
  /** SigV4 signing name, which is also how requests are routed (`…/us-east-1/lambda/aws4_request`). */
  signingName: string;
  model: ServiceModel;
  handlers: Record<string, OperationHandler>;
  /**
   * Plain HTTP routes a service serves outside the AWS API (e.g. the Code.Location download URL of
   * GetFunction). Tried before AWS routing; return undefined to pass.
   */
  rawRoutes?: Array<(req: HttpRequest) => Promise<HttpResponse | undefined>>;
  /** Called once when the server stops (close pools, timers). */
  close?(): Promise<void>;
}
