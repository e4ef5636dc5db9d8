// Lambda's control plane: functions, code, versions, aliases and code signing (API version 2015-03-31), the
// invoke seam the data plane uses, and the lookup the settings operations use.
import { loadModel } from '../../protocols/models.js';
import type { OperationHandler, ServiceDefinition } from '../service.js';
import { CodeStore } from './code/code-store.js';
import { DEFAULT_CODE_STORAGE_LIMIT } from './code-storage.js';
import { CodeUrls } from './code/code-url.js';
import { codeSigningHandlers } from './code-signing/index.js';
import type { ControlPlane, LambdaDeps } from './deps.js';
import type { FunctionLookup } from './function-lookup.js';
import type { InvokeTargetResolver } from './invoke-target.js';
import { createFunctionLookup } from './lookup.js';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from './operations/aliases.js';
import { createFunction } from './operations/create-function.js';
import { deleteFunction } from './operations/delete-function.js';
import { getFunction, getFunctionConfiguration } from './operations/get-function.js';
import { listFunctions, listVersionsByFunction } from './operations/list-functions.js';
import { publishVersion } from './operations/publish-version.js';
import { updateFunctionCode, updateFunctionConfiguration } from './operations/update-function.js';
import { StateSettler } from './state-settler.js';
import { Provisioner } from './provisioner.js';
import { createTargetResolver } from './target-resolver.js';

export type { LambdaDeps } from './deps.js';

export interface LambdaService {
  definition: ServiceDefinition;
  resolver: InvokeTargetResolver;
  functions: FunctionLookup;
  /** Provisioned concurrency's runtime side; call restore() once the server listens. */
  provisioner: Provisioner;
}

export function createLambdaService(deps: LambdaDeps): LambdaService {
  const code = new CodeStore(deps.dataDir);
  const settler = new StateSettler(deps.store);
  const cp: ControlPlane = {
    deps,
    store: deps.store,
    region: deps.region,
    code,
    urls: new CodeUrls(deps.store, code),
    settler,
    codeStorageLimit: deps.codeStorageLimit ?? DEFAULT_CODE_STORAGE_LIMIT,
  };
  // Transitions a crash left pending complete before the first request reads them.
  const recovered = settler
    .recover()
    .catch((e: unknown) =>
      process.stderr.write(`lambda: completing pending state transitions failed: ${String(e)}\n`),
    );
  const ready = <T>(handler: (ctx: never, input: never) => Promise<T>): OperationHandler => {
    return async (ctx, input) => {
      await recovered;
      return (await handler(ctx as never, input as never)) as Record<string, unknown>;
    };
  };
  const handlers: Record<string, OperationHandler> = {
    CreateFunction: ready(createFunction(cp)),
    GetFunction: ready(getFunction(cp)),
    GetFunctionConfiguration: ready(getFunctionConfiguration(cp)),
    ListFunctions: ready(listFunctions(cp)),
    UpdateFunctionCode: ready(updateFunctionCode(cp)),
    UpdateFunctionConfiguration: ready(updateFunctionConfiguration(cp)),
    DeleteFunction: ready(deleteFunction(cp)),
    PublishVersion: ready(publishVersion(cp)),
    ListVersionsByFunction: ready(listVersionsByFunction(cp)),
    CreateAlias: ready(createAlias(cp)),
    GetAlias: ready(getAlias(cp)),
    UpdateAlias: ready(updateAlias(cp)),
    DeleteAlias: ready(deleteAlias(cp)),
    ListAliases: ready(listAliases(cp)),
    ...Object.fromEntries(
      Object.entries(codeSigningHandlers({ store: deps.store, region: deps.region })).map(([op, h]) => [
        op,
        ready(h),
      ]),
    ),
    ...(deps.extraHandlers ?? {}),
  };
  const resolver = createTargetResolver(cp);
  const readyResolver: InvokeTargetResolver = {
    resolve: async (functionName, qualifier, accountId) => {
      await recovered;
      return resolver.resolve(functionName, qualifier, accountId);
    },
  };
  cp.provisioner = new Provisioner(deps.store, deps.runtime, readyResolver);
  return {
    definition: {
      signingName: 'lambda',
      model: loadModel('lambda'),
      handlers,
      rawRoutes: [cp.urls.route],
    },
    resolver: readyResolver,
    functions: createFunctionLookup(cp),
    provisioner: cp.provisioner,
  };
}
