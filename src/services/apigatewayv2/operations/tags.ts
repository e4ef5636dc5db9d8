// TagResource, UntagResource and GetTags of HTTP APIs and their stages, the resources whose tags
// Create*/Get* already carry: `arn:aws:apigateway:{region}::/apis/{apiId}` and
// `…/apis/{apiId}/stages/{stageName}`. Tools that manage APIs (Terraform) change tags through these.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/tags-resource-arn.html
import type { ReadTx, WriteTx } from '../../../storage/store.js';
import { safeDecode } from '../../../server/safe-decode.js';
import type { RequestContext } from '../../service.js';
import { requireApi, requireChild, type ControlPlane } from '../context.js';
import { notFound } from '../errors.js';
import type { ApiRecord, StageRecord } from '../records.js';
import { putApi, putChild } from '../repo.js';

type Tagged = { Tags?: Record<string, string> };

const ARN = /^arn:aws[a-zA-Z-]*:apigateway:([a-z0-9-]+)::\/apis\/([a-z0-9]+)(?:\/stages\/([^/]+))?$/;

/** The record an ARN names, and how to store it back; NotFoundException for anything else. */
async function taggable(
  cp: ControlPlane,
  tx: ReadTx,
  ctx: RequestContext,
  arn: string,
): Promise<{ record: Tagged; save: (w: WriteTx) => Promise<void> }> {
  const m = ARN.exec(arn);
  if (!m || m[1] !== cp.deps.region) throw notFound(`Invalid resource ARN specified ${arn}`);
  const api: ApiRecord = await requireApi(tx, ctx, m[2]!);
  if (m[3] === undefined) return { record: api, save: (w) => putApi(w, api) };
  const stageName = safeDecode(m[3]);
  const stage = await requireChild<StageRecord>(tx, api.ApiId, 'stage', stageName);
  return { record: stage, save: (w) => putChild(w, api.ApiId, 'stage', stageName, stage) };
}

export function tagResource(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ResourceArn: string; Tags?: Record<string, string> }) => {
    await cp.deps.store.write(async (tx) => {
      const { record, save } = await taggable(cp, tx, ctx, input.ResourceArn);
      record.Tags = { ...(record.Tags ?? {}), ...(input.Tags ?? {}) };
      await save(tx);
    });
    return {};
  };
}

export function untagResource(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ResourceArn: string; TagKeys?: string[] }) => {
    await cp.deps.store.write(async (tx) => {
      const { record, save } = await taggable(cp, tx, ctx, input.ResourceArn);
      const tags = { ...(record.Tags ?? {}) };
      for (const key of input.TagKeys ?? []) delete tags[key];
      record.Tags = tags;
      await save(tx);
    });
    return {};
  };
}

export function getTags(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ResourceArn: string }) =>
    cp.deps.store.read(async (tx) => {
      const { record } = await taggable(cp, tx, ctx, input.ResourceArn);
      return { Tags: record.Tags ?? {} };
    });
}
