// The Lambda invoke path, as the lead wires it into the Lambda service:
//   const { handlers, asyncInvoker } = createInvokeHandlers({ resolver, runtime, store, accountId, region });
//   Object.assign(lambdaHandlers, handlers); await asyncInvoker.start(); … await asyncInvoker.close();
// Other event sources (S3 notifications) queue through the same asyncInvoker.
import { AsyncInvoker } from '../../../events/async-invoker.js';
import type { Runtime } from '../../../runtime/runtime.js';
import type { Store } from '../../../storage/store.js';
import type { OperationHandler } from '../../service.js';
import type { InvokeTargetResolver } from '../invoke-target.js';
import { ConcurrencyLimiter, DEFAULT_ACCOUNT_CONCURRENCY } from './concurrency.js';
import { invokeAsyncHandler } from './invoke-async.js';
import { invokeHandler } from './invoke.js';

export { AsyncInvoker } from '../../../events/async-invoker.js';
export type { EnqueueOptions } from '../../../events/async-invoker.js';
export { ConcurrencyLimiter } from './concurrency.js';

export interface InvokeDependencies {
  resolver: InvokeTargetResolver;
  runtime: Runtime;
  store: Store;
  accountId: string;
  region: string;
  /** Multiplies the async retry delays (1 = AWS's 1 and 2 minutes). */
  retryDelayScale?: number;
  /** Concurrent executions for the account (AWS's default: 1000). */
  accountConcurrencyLimit?: number;
  log?: (line: string) => void;
}

export function createInvokeHandlers(deps: InvokeDependencies): {
  handlers: Record<string, OperationHandler>;
  asyncInvoker: AsyncInvoker;
  limiter: ConcurrencyLimiter;
} {
  const limiter = new ConcurrencyLimiter(deps.accountConcurrencyLimit ?? DEFAULT_ACCOUNT_CONCURRENCY);
  const asyncInvoker = new AsyncInvoker({
    resolver: deps.resolver,
    runtime: deps.runtime,
    store: deps.store,
    limiter,
    ...(deps.retryDelayScale !== undefined ? { retryDelayScale: deps.retryDelayScale } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
  const handlers: Record<string, OperationHandler> = {
    Invoke: invokeHandler({ resolver: deps.resolver, runtime: deps.runtime, limiter, asyncInvoker }),
    InvokeAsync: invokeAsyncHandler({ resolver: deps.resolver, asyncInvoker }),
  };
  return { handlers, asyncInvoker, limiter };
}
