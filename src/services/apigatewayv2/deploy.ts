// Deployments freeze an API's routes, integrations, authorizers and CORS settings; a stage serves the
// deployment it points at. A stage with AutoDeploy gets a new deployment after every change ("API
// Gateway automatically deploys to the stage when you make changes to your API").
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
import type { WriteTx, ReadTx } from '../../storage/store.js';
import { newDeploymentId } from './ids.js';
import type {
  ApiSnapshot,
  AuthorizerRecord,
  DeploymentRecord,
  IntegrationRecord,
  RouteRecord,
  StageRecord,
} from './records.js';
import { getApi, listChildren, putChild } from './repo.js';

export async function snapshot(tx: ReadTx, apiId: string): Promise<ApiSnapshot> {
  const api = await getApi(tx, apiId);
  return {
    ...(api?.CorsConfiguration ? { cors: api.CorsConfiguration } : {}),
    routes: await listChildren<RouteRecord>(tx, apiId, 'route'),
    integrations: await listChildren<IntegrationRecord>(tx, apiId, 'integration'),
    authorizers: await listChildren<AuthorizerRecord>(tx, apiId, 'authorizer'),
  };
}

export async function createDeployment(
  tx: WriteTx,
  apiId: string,
  autoDeployed: boolean,
  description?: string,
): Promise<DeploymentRecord> {
  const deployment: DeploymentRecord = {
    DeploymentId: newDeploymentId(),
    DeploymentStatus: 'DEPLOYED',
    CreatedDate: new Date().toISOString(),
    AutoDeployed: autoDeployed,
    ...(description !== undefined ? { Description: description } : {}),
    snapshot: await snapshot(tx, apiId),
  };
  await putChild(tx, apiId, 'deployment', deployment.DeploymentId, deployment);
  return deployment;
}

/** Deploys the API to each stage with AutoDeploy. Call after every change to what a deployment freezes. */
export async function autoDeploy(tx: WriteTx, apiId: string): Promise<void> {
  const stages = (await listChildren<StageRecord>(tx, apiId, 'stage')).filter((s) => s.AutoDeploy);
  if (stages.length === 0) return;
  const deployment = await createDeployment(tx, apiId, true);
  for (const stage of stages) {
    await putChild(tx, apiId, 'stage', stage.StageName, {
      ...stage,
      DeploymentId: deployment.DeploymentId,
      LastUpdatedDate: deployment.CreatedDate,
      LastDeploymentStatusMessage: `Successfully deployed stage with deployment ID '${deployment.DeploymentId}'`,
    });
  }
}
