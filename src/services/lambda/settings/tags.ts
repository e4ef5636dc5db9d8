// TagResource / UntagResource / ListTags on functions (tags belong to the function, not to a version
// or alias). https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html
// Limit: 50 tags per resource (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { findFunction, type SettingsDeps } from './deps.js';
import { unqualifiedArn, userError } from './function-names.js';
import { TAGS_NS, functionKey, getFunctionTags, putFunctionTags } from './keys.js';

export const MAX_TAGS_PER_RESOURCE = 50;

/** Throws Lambda's error when a function would carry more tags than allowed (CreateFunction uses it too). */
export function validateTags(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) {
    throw userError('InvalidParameterValueException', 'Number of tags exceeds resource tag limit.');
  }
}

export function tagHandlers(deps: SettingsDeps) {
  const lookup = async (ctx: RequestContext, resource: string) => {
    const { ref, found } = await findFunction(deps, ctx.accountId, resource);
    if (!found) {
      throw userError(
        'ResourceNotFoundException',
        `Function not found: ${unqualifiedArn(deps.region, ctx.accountId, ref.name)}`,
        404,
      );
    }
    return found;
  };

  return {
    async TagResource(ctx: RequestContext, input: { Resource: string; Tags: Record<string, string> }) {
      if (!input.Tags || Object.keys(input.Tags).length === 0) {
        throw userError(
          'InvalidParameterValueException',
          'An error occurred and the request cannot be processed.',
        );
      }
      const found = await lookup(ctx, input.Resource);
      if (found.ref.qualifier !== undefined) {
        throw userError(
          'InvalidParameterValueException',
          'Tags on function aliases and versions are not supported. Please specify a function ARN.',
        );
      }
      await deps.store.write(async (tx) => {
        const tags = {
          ...(await getFunctionTags(tx, found.accountId, found.info.functionName)),
          ...input.Tags,
        };
        validateTags(tags);
        await putFunctionTags(tx, found.accountId, found.info.functionName, tags);
      });
      return {};
    },

    async UntagResource(ctx: RequestContext, input: { Resource: string; TagKeys: string[] }) {
      if (!input.TagKeys || input.TagKeys.length === 0) {
        throw new ServiceError(
          'ValidationException',
          "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
        );
      }
      const found = await lookup(ctx, input.Resource);
      await deps.store.write(async (tx) => {
        const tags = await getFunctionTags(tx, found.accountId, found.info.functionName);
        for (const key of input.TagKeys) delete tags[key];
        await putFunctionTags(tx, found.accountId, found.info.functionName, tags);
      });
      return {};
    },

    async ListTags(ctx: RequestContext, input: { Resource: string }) {
      const found = await lookup(ctx, input.Resource);
      const tags = await deps.store.read((tx) =>
        tx.get<Record<string, string>>(TAGS_NS, functionKey(found.accountId, found.info.functionName)),
      );
      return { Tags: tags ?? {} };
    },
  };
}
