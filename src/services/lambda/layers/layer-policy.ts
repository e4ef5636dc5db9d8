// AddLayerVersionPermission, RemoveLayerVersionPermission and GetLayerVersionPolicy: a layer version's
// resource-based policy, kept with the version (deleting the version deletes it).
// https://docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html
// Statements take the form AWS answers (the AWS CLI's documented example): an account principal
// becomes {"AWS": "arn:aws:iam::<account>:root"}, "*" stays "*", an OrganizationId becomes a
// StringEquals aws:PrincipalOrgID condition. The policy has a revision id of its own, new at every
// change. Errors as LocalStack's AWS-validated provider answers them.
// Cumulo serves one account, so the policy is stored and returned; no other account can use it yet.
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../../server/service-error.js';
import type { WriteTx, ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { resourceNotFound } from '../errors.js';
import type { PolicyDocument } from '../permissions/keys.js';
import { buildStatement, withStatement, withoutStatement } from '../permissions/statement.js';
import { layerVersionArn, parseLayerRef } from './arns.js';
import type { LayerContext } from './deps.js';
import { checkVersionNumber } from './get-layer-version.js';
import { LAYERS_NS, layerVersionKey, type StoredLayerVersion } from './keys.js';

export interface LayerPolicy {
  document: PolicyDocument;
  revisionId: string;
}

interface VersionInput {
  LayerName: string;
  VersionNumber: number;
}

const revisionMismatch = (): ServiceError =>
  new ServiceError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
    412,
    { Type: 'User' },
  );

/** The caller's layer version a request names, with its store key; "Layer version <arn> does not exist." */
async function requireVersion(
  tx: ReadTx,
  deps: LayerContext,
  ctx: RequestContext,
  input: VersionInput,
): Promise<{ key: string; version: StoredLayerVersion }> {
  checkVersionNumber(input.VersionNumber);
  const ref = parseLayerRef(input.LayerName);
  const name = ref?.name ?? input.LayerName;
  const arn = layerVersionArn(deps.region, ref?.accountId ?? ctx.accountId, name, input.VersionNumber);
  const own =
    ref && (!ref.accountId || ref.accountId === ctx.accountId) && (!ref.region || ref.region === deps.region);
  const key = layerVersionKey(ctx.accountId, name, input.VersionNumber);
  const version = own ? await tx.get<StoredLayerVersion>(LAYERS_NS, key) : undefined;
  if (!version) throw resourceNotFound(`Layer version ${arn} does not exist.`);
  return { key, version };
}

async function savePolicy(
  tx: WriteTx,
  key: string,
  version: StoredLayerVersion,
  document: PolicyDocument | undefined,
): Promise<string | undefined> {
  const next: StoredLayerVersion = { ...version };
  const revisionId = randomUUID();
  if (document && document.Statement.length > 0) next.Policy = { document, revisionId };
  else delete next.Policy;
  await tx.put(LAYERS_NS, key, next);
  return next.Policy?.revisionId;
}

export function layerPolicyHandlers(deps: LayerContext) {
  return {
    async AddLayerVersionPermission(
      ctx: RequestContext,
      input: VersionInput & {
        StatementId: string;
        Action: string;
        Principal: string;
        OrganizationId?: string;
        RevisionId?: string;
      },
    ) {
      return deps.store.write(async (tx) => {
        const { key, version } = await requireVersion(tx, deps, ctx, input);
        const arn = layerVersionArn(deps.region, ctx.accountId, version.LayerName, version.Version);
        const statement = buildStatement({ ...input, PrincipalOrgID: input.OrganizationId }, arn);
        const document = withStatement(version.Policy?.document, statement);
        if (input.RevisionId !== undefined && input.RevisionId !== version.Policy?.revisionId)
          throw revisionMismatch();
        const revisionId = await savePolicy(tx, key, version, document);
        return { Statement: JSON.stringify(statement), RevisionId: revisionId };
      });
    },

    async RemoveLayerVersionPermission(
      ctx: RequestContext,
      input: VersionInput & { StatementId: string; RevisionId?: string },
    ) {
      await deps.store.write(async (tx) => {
        const { key, version } = await requireVersion(tx, deps, ctx, input);
        if (input.RevisionId !== undefined && input.RevisionId !== version.Policy?.revisionId)
          throw revisionMismatch();
        const document = version.Policy?.document;
        if (!document)
          throw resourceNotFound(`Statement ${input.StatementId} is not found in resource policy.`);
        await savePolicy(tx, key, version, withoutStatement(document, input.StatementId));
      });
      return {};
    },

    async GetLayerVersionPolicy(ctx: RequestContext, input: VersionInput) {
      const { version } = await deps.store.read((tx) => requireVersion(tx, deps, ctx, input));
      if (!version.Policy) throw resourceNotFound('No policy is associated with the given resource.');
      return { Policy: JSON.stringify(version.Policy.document), RevisionId: version.Policy.revisionId };
    },
  };
}
