// CreateDeployment, GetDeployment, GetDeployments, DeleteDeployment.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html
import type { RequestContext } from '../../service.js';
import { page, requireApi, requireChild, type ControlPlane } from '../context.js';
import { createDeployment as deploy } from '../deploy.js';
import { badRequest } from '../errors.js';
import type { DeploymentRecord, StageRecord } from '../records.js';
import { deleteChild, listChildren, putChild } from '../repo.js';

function render(d: DeploymentRecord): Record<string, unknown> {
  const { snapshot: _snapshot, ...rest } = d;
  return { ...rest };
}

export function createDeployment(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; Description?: string; StageName?: string }) => {
    const deployment = await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      let stage: StageRecord | undefined;
      if (input.StageName !== undefined) {
        stage = await requireChild<StageRecord>(tx, input.ApiId, 'stage', input.StageName);
        if (stage.AutoDeploy) {
          // AWS refuses manual deployments to a stage that deploys itself.
          throw badRequest(
            `Stage ${input.StageName} is configured with auto deploy; manual deployments are not allowed`,
          );
        }
      }
      const deployment = await deploy(tx, input.ApiId, false, input.Description);
      if (stage) {
        stage.DeploymentId = deployment.DeploymentId;
        stage.LastUpdatedDate = deployment.CreatedDate;
        await putChild(tx, input.ApiId, 'stage', stage.StageName, stage);
      }
      return deployment;
    });
    cp.changed(input.ApiId);
    return render(deployment);
  };
}

export function getDeployment(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; DeploymentId: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      return render(await requireChild<DeploymentRecord>(tx, input.ApiId, 'deployment', input.DeploymentId));
    });
}

export function getDeployments(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; MaxResults?: string; NextToken?: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const items = await listChildren<DeploymentRecord>(tx, input.ApiId, 'deployment');
      items.sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate));
      return page(items.map(render), input.MaxResults, input.NextToken);
    });
}

export function deleteDeployment(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; DeploymentId: string }) => {
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await requireChild(tx, input.ApiId, 'deployment', input.DeploymentId);
      await deleteChild(tx, input.ApiId, 'deployment', input.DeploymentId);
    });
    cp.changed(input.ApiId);
    return {};
  };
}
