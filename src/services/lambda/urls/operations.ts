// Create/Get/Update/Delete/ListFunctionUrlConfig(s): a dedicated HTTP endpoint per function or alias.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html
// Error texts are AWS's, as LocalStack's snapshot tests recorded them (TestLambdaUrl): a missing
// function is "Function does not exist" for Create/Update/List and "The resource you requested does
// not exist." for Get/Delete, as is a missing configuration; a second Create is a 409
// "Failed to create function url config for [functionArn = …]. Error message:  FunctionUrlConfig
// exists for this Lambda function" (two spaces, as AWS sends it).
import type { Store } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { conflict, resourceNotFound } from '../errors.js';
import type { FunctionInfo, FunctionLookup } from '../function-lookup.js';
import { functionArn, resolveRef, type ResolvedRef } from '../function-ref.js';
import {
  deleteFunctionUrlConfigs,
  getUrlConfig,
  listUrlConfigs,
  putUrlConfig,
  type AuthType,
  type CorsConfig,
  type StoredUrlConfig,
} from './keys.js';
import { functionUrl, newUrlId } from './url-ids.js';
import { checkInvokeMode, checkUrlQualifier } from './validate.js';

export interface FunctionUrlDeps {
  store: Store;
  functions: FunctionLookup;
  region: string;
  /** Cumulo's endpoint, read at use (the port is known once bound). */
  endpointUrl(): string;
}

interface UrlInput {
  FunctionName: string;
  Qualifier?: string;
  AuthType?: AuthType;
  Cors?: CorsConfig;
  InvokeMode?: string;
}

const LATEST = '$LATEST';
const DEFAULT_MAX_ITEMS = 50;
const doesNotExist = () => resourceNotFound('Function does not exist');
const resourceMissing = () => resourceNotFound('The resource you requested does not exist.');

/** Create and Update answer InvokeMode only when the request named it, as recorded from AWS. */
function echoedInvokeMode(out: Record<string, unknown>, input: UrlInput): Record<string, unknown> {
  if (input.InvokeMode === undefined) delete out.InvokeMode;
  return out;
}

export function functionUrlHandlers(deps: FunctionUrlDeps) {
  const arnOf = (c: StoredUrlConfig) =>
    functionArn(deps.region, c.AccountId, c.FunctionName, c.Qualifier === LATEST ? undefined : c.Qualifier);

  const view = (c: StoredUrlConfig) => {
    const out: Record<string, unknown> = {
      FunctionUrl: functionUrl(c.UrlId, deps.region, deps.endpointUrl()),
      FunctionArn: arnOf(c),
      AuthType: c.AuthType,
      CreationTime: c.CreationTime,
      LastModifiedTime: c.LastModifiedTime,
      InvokeMode: c.InvokeMode,
    };
    if (c.Cors) out.Cors = c.Cors;
    return out;
  };

  /**
   * The function and qualifier an operation names; `missing` is the error for a function (or, with
   * `checkAlias`, an alias) that does not exist.
   */
  const locate = async (
    ctx: RequestContext,
    input: UrlInput,
    missing: () => Error,
    checkAlias: boolean,
  ): Promise<{ ref: ResolvedRef; info: FunctionInfo; name: string; qualifier: string }> => {
    const ref = resolveRef(input.FunctionName, input.Qualifier, ctx);
    checkUrlQualifier(ref.qualifier);
    const info = await deps.functions.get(ref.accountId, ref.arn);
    if (!info) throw missing();
    const qualifier = ref.qualifier ?? LATEST;
    if (checkAlias && qualifier !== LATEST && !info.qualifiers.includes(qualifier)) throw doesNotExist();
    return { ref, info, name: info.functionName, qualifier };
  };

  return {
    async CreateFunctionUrlConfig(ctx: RequestContext, input: UrlInput) {
      const invokeMode = checkInvokeMode(input.InvokeMode) ?? 'BUFFERED';
      const { ref, info, qualifier } = await locate(ctx, input, doesNotExist, false);
      const now = new Date().toISOString();
      const config: StoredUrlConfig = {
        UrlId: newUrlId(),
        AccountId: ref.accountId,
        FunctionName: info.functionName,
        Qualifier: qualifier,
        AuthType: input.AuthType!,
        InvokeMode: invokeMode,
        CreationTime: now,
        LastModifiedTime: now,
      };
      if (input.Cors) config.Cors = input.Cors;
      await deps.store.write(async (tx) => {
        const existing = await getUrlConfig(tx, ref.accountId, info.functionName, qualifier);
        if (existing) {
          throw conflict(
            `Failed to create function url config for [functionArn = ${arnOf(existing)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
          );
        }
        // The alias is checked after the conflict, in the order AWS checks them.
        if (qualifier !== LATEST && !info.qualifiers.includes(qualifier)) throw doesNotExist();
        await putUrlConfig(tx, config);
      });
      // Create's output has no LastModifiedTime (CreateFunctionUrlConfigResponse), and no InvokeMode
      // unless the request named one (AWS's answer without it, LocalStack's TestLambdaUrl recording).
      const { LastModifiedTime: _omit, ...out } = echoedInvokeMode(view(config), input);
      return out;
    },

    async GetFunctionUrlConfig(ctx: RequestContext, input: UrlInput) {
      const { ref, name, qualifier } = await locate(ctx, input, resourceMissing, false);
      const config = await deps.store.read((tx) => getUrlConfig(tx, ref.accountId, name, qualifier));
      if (!config) throw resourceMissing();
      return view(config);
    },

    async UpdateFunctionUrlConfig(ctx: RequestContext, input: UrlInput) {
      const invokeMode = checkInvokeMode(input.InvokeMode);
      const { ref, name, qualifier } = await locate(ctx, input, doesNotExist, true);
      const updated = await deps.store.write(async (tx) => {
        const config = await getUrlConfig(tx, ref.accountId, name, qualifier);
        if (!config) throw resourceMissing();
        const next: StoredUrlConfig = { ...config, LastModifiedTime: new Date().toISOString() };
        if (input.AuthType !== undefined) next.AuthType = input.AuthType;
        if (input.Cors !== undefined) next.Cors = input.Cors;
        if (invokeMode !== undefined) next.InvokeMode = invokeMode;
        await putUrlConfig(tx, next);
        return next;
      });
      return echoedInvokeMode(view(updated), input);
    },

    async DeleteFunctionUrlConfig(ctx: RequestContext, input: UrlInput) {
      const { ref, name, qualifier } = await locate(ctx, input, resourceMissing, false);
      await deps.store.write(async (tx) => {
        if (!(await getUrlConfig(tx, ref.accountId, name, qualifier))) throw resourceMissing();
        await deleteFunctionUrlConfigs(tx, ref.accountId, name, qualifier);
      });
      return {};
    },

    async ListFunctionUrlConfigs(
      ctx: RequestContext,
      input: { FunctionName: string; Marker?: string; MaxItems?: number },
    ) {
      const ref = resolveRef(input.FunctionName, undefined, ctx);
      const info = await deps.functions.get(ref.accountId, ref.arn);
      if (!info) throw doesNotExist();
      const all = await deps.store.read((tx) => listUrlConfigs(tx, ref.accountId, info.functionName));
      // The marker is the FunctionArn of the last configuration of the previous page.
      const start = input.Marker ? all.findIndex((c) => arnOf(c) === input.Marker) + 1 : 0;
      const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
      const page = all.slice(start, start + max);
      const out: Record<string, unknown> = { FunctionUrlConfigs: page.map(view) };
      if (start + max < all.length) out.NextMarker = arnOf(page[page.length - 1]!);
      return out;
    },
  };
}
