// TagResource, UntagResource and GetTags of REST APIs and the resources of theirs that carry tags:
// `arn:aws:apigateway:{region}::/restapis/{id}`, `…/restapis/{id}/stages/{stage}`, `…::/apikeys/{id}`
// and `…::/usageplans/{id}`. https://docs.aws.amazon.com/apigateway/latest/api/API_TagResource.html
import type { ReadTx, WriteTx } from '../../../storage/store.js';
import { safeDecode } from '../../../server/safe-decode.js';
import type { RequestContext } from '../../service.js';
import { apiKeyNotFound, notFound, stageNotFound, usagePlanNotFound } from '../errors.js';
import { getApi, getApiKey, getUsagePlan, putApi, putApiKey, putUsagePlan } from '../repo.js';
import type { ControlPlaneDeps, Handler } from './common.js';

type Tagged = { tags?: Record<string, string> };

const ARN =
  /^arn:aws[a-zA-Z-]*:apigateway:([a-z0-9-]+)::\/(restapis|apikeys|usageplans)\/([^/]+)(?:\/stages\/([^/]+))?$/;

/** The record an ARN names, and how to store it back; NotFoundException for anything else. */
async function taggable(
  deps: ControlPlaneDeps,
  tx: ReadTx,
  ctx: RequestContext,
  arn: string,
): Promise<{ record: Tagged; save: (w: WriteTx) => Promise<void> }> {
  const m = ARN.exec(arn);
  // Unconfirmed text: AWS's message for an ARN that names no taggable resource.
  if (!m || m[1] !== deps.region) throw notFound(`Invalid resource ARN specified ${arn}`);
  const [, , kind, id, stageName] = m as unknown as [string, string, string, string, string | undefined];
  if (kind === 'restapis') {
    const api = await getApi(tx, ctx.accountId, id);
    if (stageName === undefined) return { record: api, save: (w) => putApi(w, api) };
    const stage = api.stages[safeDecode(stageName)];
    if (!stage) throw stageNotFound();
    return { record: stage, save: (w) => putApi(w, api) };
  }
  if (stageName !== undefined) throw notFound(`Invalid resource ARN specified ${arn}`);
  if (kind === 'apikeys') {
    const key = await getApiKey(tx, ctx.accountId, id);
    if (!key) throw apiKeyNotFound();
    return { record: key, save: (w) => putApiKey(w, key) };
  }
  const plan = await getUsagePlan(tx, ctx.accountId, id);
  if (!plan) throw usagePlanNotFound();
  return { record: plan, save: (w) => putUsagePlan(w, plan) };
}

export function tagHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    async TagResource(ctx, input: { resourceArn: string; tags?: Record<string, string> }) {
      await deps.store.write(async (tx) => {
        const { record, save } = await taggable(deps, tx, ctx, input.resourceArn);
        record.tags = { ...(record.tags ?? {}), ...(input.tags ?? {}) };
        await save(tx);
      });
      return {};
    },

    async UntagResource(ctx, input: { resourceArn: string; tagKeys?: string[] }) {
      await deps.store.write(async (tx) => {
        const { record, save } = await taggable(deps, tx, ctx, input.resourceArn);
        const tags = { ...(record.tags ?? {}) };
        for (const key of input.tagKeys ?? []) delete tags[key];
        record.tags = tags;
        await save(tx);
      });
      return {};
    },

    async GetTags(ctx, input: { resourceArn: string }) {
      const { record } = await deps.store.read((tx) => taggable(deps, tx, ctx, input.resourceArn));
      return { tags: record.tags ?? {} };
    },
  };
}
