// DeleteFunction: https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html
// Without a qualifier the function goes with all its versions, aliases and settings; with a
// version number only that version ("$LATEST version cannot be deleted without deleting the
// function."; a version an alias points at is refused with ResourceConflictException).
import type { RequestContext } from '../../service.js';
import { deleteFunctionSettings } from '../settings/keys.js';
import type { ControlPlane } from '../deps.js';
import { conflict, functionNotFound, invalidParameter } from '../errors.js';
import { functionArn, isVersionNumber, resolveRef } from '../function-ref.js';
import { LATEST } from '../store/keys.js';
import { deleteFunctionTree, deleteVersion, getVersion, listAliases, listVersions } from '../store/repo.js';
import { changeCodeUsage } from '../code-storage.js';
import { configKeyOf, requireFunction, retireConfig, retireStale } from './common.js';

interface DeleteInput {
  FunctionName: string;
  Qualifier?: string;
}

export function deleteFunction(cp: ControlPlane) {
  return async (ctx: RequestContext, input: DeleteInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, input.Qualifier, ctx);
    const qualifier = ref.qualifier;
    if (qualifier === LATEST)
      throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
    await cp.settler.settled(ref.accountId, ref.name);
    const deleted = await cp.store.write(async (tx) => {
      await requireFunction(tx, cp, ref);
      if (qualifier === undefined) {
        // Every version's package leaves the account's code storage (counted before the deletes).
        const versions = await listVersions(tx, ref.accountId, ref.name);
        const freed = versions.reduce((sum, v) => sum + v.config.CodeSize, 0);
        await changeCodeUsage(tx, ref.accountId, { code: -freed, functions: -1 }, cp.codeStorageLimit);
        await deleteFunctionTree(tx, ref.accountId, ref.name);
        await deleteFunctionSettings(tx, ref.accountId, ref.name);
        return undefined;
      }
      if (!isVersionNumber(qualifier)) throw invalidParameter('Deletion of aliases is not supported.');
      const version = await getVersion(tx, ref.accountId, ref.name, qualifier);
      if (!version) {
        throw functionNotFound(functionArn(cp.region, ref.accountId, ref.name, qualifier));
      }
      const users = (await listAliases(tx, ref.accountId, ref.name))
        .filter(
          (a) =>
            a.FunctionVersion === qualifier ||
            a.RoutingConfig?.AdditionalVersionWeights[qualifier] !== undefined,
        )
        .map((a) => a.Name);
      if (users.length > 0) {
        throw conflict(
          `Unable to delete version because the following aliases reference it: [${users.join(', ')}]`,
        );
      }
      await changeCodeUsage(tx, ref.accountId, { code: -version.config.CodeSize }, cp.codeStorageLimit);
      await deleteVersion(tx, ref.accountId, ref.name, qualifier);
      await deleteFunctionSettings(tx, ref.accountId, ref.name, qualifier);
      return version;
    });
    // The deleted function's environments, or the deleted version's, stop (busy ones after their invocation).
    if (deleted) await retireConfig(cp, configKeyOf(ref.accountId, deleted));
    else await retireStale(cp, ref.accountId, ref.name, undefined);
    // Provisioned concurrency configs went with the function or version.
    await cp.provisioner?.apply(ref.accountId, ref.name);
    return {};
  };
}
