// PublishVersion (POST /2015-03-31/functions/{FunctionName}/versions):
// https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
// CodeSha256 and RevisionId are preconditions on $LATEST; the answer is 201 with the version,
// a new one only if $LATEST changed since the last publish.
import type { RequestContext } from '../../service.js';
import { renderConfig } from '../config-doc.js';
import type { ControlPlane } from '../deps.js';
import { invalidParameter, revisionMismatch } from '../errors.js';
import { resolveRef } from '../function-ref.js';
import { requireFunction, requireLatest } from './common.js';
import { publishInTx } from './publish.js';

interface PublishInput {
  FunctionName: string;
  CodeSha256?: string;
  Description?: string;
  RevisionId?: string;
}

export function publishVersion(cp: ControlPlane) {
  return async (ctx: RequestContext, input: PublishInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    await cp.settler.settled(ref.accountId, ref.name);
    const result = await cp.store.write(async (tx) => {
      const fn = await requireFunction(tx, cp, ref);
      const latest = await requireLatest(tx, ref);
      if (input.RevisionId !== undefined && input.RevisionId !== latest.config.RevisionId)
        throw revisionMismatch();
      if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.config.CodeSha256) {
        throw invalidParameter(
          `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.config.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
        );
      }
      return publishInTx(tx, ref.accountId, fn, latest, {
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        fromPendingChange: false,
        now: new Date(),
        codeStorageLimit: cp.codeStorageLimit,
      });
    });
    return renderConfig(result.version, { arn: 'qualified', region: cp.region, accountId: ref.accountId });
  };
}
