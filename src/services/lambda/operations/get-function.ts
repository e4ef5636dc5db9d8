// GetFunction and GetFunctionConfiguration:
// https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
// https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
// A qualified request answers with the qualified ARN (the alias's ARN through an alias);
// an unqualified one with the unqualified ARN.
import type { RequestContext } from '../../service.js';
import { getFunctionTags, getReservedConcurrency } from '../settings/keys.js';
import { renderConfig, type ArnForm } from '../config-doc.js';
import type { ControlPlane } from '../deps.js';
import { resolveRef } from '../function-ref.js';
import { resolveVersion, type ResolvedVersion } from './common.js';

interface GetInput {
  FunctionName: string;
  Qualifier?: string;
}

function arnForm(qualifier: string | undefined, resolved: ResolvedVersion): ArnForm {
  if (resolved.alias !== undefined) return { alias: resolved.alias };
  return qualifier === undefined ? 'unqualified' : 'qualified';
}

export function getFunctionConfiguration(cp: ControlPlane) {
  return async (ctx: RequestContext, input: GetInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, input.Qualifier, ctx);
    await cp.settler.settled(ref.accountId, ref.name);
    const resolved = await cp.store.read((tx) => resolveVersion(tx, cp, ref));
    return renderConfig(resolved.record, {
      arn: arnForm(ref.qualifier, resolved),
      region: cp.region,
      accountId: ref.accountId,
    });
  };
}

export function getFunction(cp: ControlPlane) {
  return async (ctx: RequestContext, input: GetInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, input.Qualifier, ctx);
    await cp.settler.settled(ref.accountId, ref.name);
    const { resolved, tags, concurrency } = await cp.store.read(async (tx) => ({
      resolved: await resolveVersion(tx, cp, ref),
      tags: await getFunctionTags(tx, ref.accountId, ref.name),
      concurrency: await getReservedConcurrency(tx, ref.accountId, ref.name),
    }));
    const out: Record<string, unknown> = {
      Configuration: renderConfig(resolved.record, {
        arn: arnForm(ref.qualifier, resolved),
        region: cp.region,
        accountId: ref.accountId,
      }),
      Code: {
        RepositoryType: 'S3',
        Location: await cp.urls.url(cp.deps.endpointUrl, resolved.record.codeHex),
      },
    };
    if (Object.keys(tags).length > 0) out.Tags = tags;
    if (concurrency !== undefined) out.Concurrency = { ReservedConcurrentExecutions: concurrency };
    return out;
  };
}
