// TagResource / UntagResource / ListTags on functions (tags belong to the function, not to a version
// or alias). https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html
// Limit: 50 tags per resource (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { requireFunction, type SettingsDeps } from './deps.js';
import { userError } from './function-names.js';
import { TAGS_NS, functionKey, getFunctionTags, putFunctionTags } from './keys.js';

export const MAX_TAGS_PER_RESOURCE = 50;
/** AWS::Lambda::Function Tag: Key 1–128, Value 0–256 characters; "aws:" (any case) is reserved for AWS. */
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

/**
 * Throws Lambda's error when a function would carry tags it may not (TagResource and CreateFunction).
 * "Number of tags exceeds resource tag limit." is AWS's text; the key and value texts follow AWS's
 * wording for the same rules elsewhere (API Gateway's "Invalid tag key. Tag keys cannot start with
 * 'aws:' (case insensitive)") — Lambda's own texts for them are not confirmed.
 */
export function validateTags(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) {
    throw userError('InvalidParameterValueException', 'Number of tags exceeds resource tag limit.');
  }
  for (const [key, value] of Object.entries(tags)) {
    // Lengths count Unicode characters, not UTF-16 units or bytes.
    const keyLength = [...key].length;
    if (keyLength < 1 || keyLength > MAX_TAG_KEY_LENGTH) {
      throw userError(
        'InvalidParameterValueException',
        `Invalid tag key. Tag keys must be between 1 and ${MAX_TAG_KEY_LENGTH} characters long.`,
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw userError(
        'InvalidParameterValueException',
        "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)",
      );
    }
    if ([...(value ?? '')].length > MAX_TAG_VALUE_LENGTH) {
      throw userError(
        'InvalidParameterValueException',
        `Invalid tag value. Tag values cannot be longer than ${MAX_TAG_VALUE_LENGTH} characters.`,
      );
    }
  }
}

export function tagHandlers(deps: SettingsDeps) {
  const lookup = (ctx: RequestContext, resource: string) => requireFunction(deps, ctx.accountId, resource);

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
