// CreateStage, GetStage, GetStages, UpdateStage, DeleteStage, DeleteAccessLogSettings.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html
// "$default" is served at the API's root; other stages under `/{stageName}`.
import type { RequestContext } from '../../service.js';
import { assignDefined, page, requireApi, requireChild, type ControlPlane } from '../context.js';
import { autoDeploy } from '../deploy.js';
import { badRequest, conflict } from '../errors.js';
import type { StageRecord } from '../records.js';
import { deleteChild, getChild, listChildren, putChild } from '../repo.js';

type StageInput = Partial<Omit<StageRecord, 'CreatedDate' | 'LastUpdatedDate'>> & { ApiId: string };

function checkName(name: string): void {
  if (name !== '$default' && !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
    throw badRequest(`Stage name only allows a-zA-Z0-9_- or $default, got ${name}`);
  }
}

export function createStage(cp: ControlPlane) {
  return async (ctx: RequestContext, input: StageInput) => {
    checkName(input.StageName!);
    const now = new Date().toISOString();
    const stage: StageRecord = {
      StageName: input.StageName!,
      AutoDeploy: input.AutoDeploy ?? false,
      CreatedDate: now,
      LastUpdatedDate: now,
      DefaultRouteSettings: { DetailedMetricsEnabled: false, ...input.DefaultRouteSettings },
      RouteSettings: input.RouteSettings ?? {},
    };
    assignDefined(stage, {
      DeploymentId: input.DeploymentId,
      Description: input.Description,
      StageVariables: input.StageVariables,
      AccessLogSettings: input.AccessLogSettings,
      Tags: input.Tags,
    });
    const saved = await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      if (await getChild(tx, input.ApiId, 'stage', stage.StageName)) {
        throw conflict(`Stage ${stage.StageName} already exists`);
      }
      if (stage.DeploymentId) await requireChild(tx, input.ApiId, 'deployment', stage.DeploymentId);
      await putChild(tx, input.ApiId, 'stage', stage.StageName, stage);
      if (stage.AutoDeploy) await autoDeploy(tx, input.ApiId);
      return requireChild<StageRecord>(tx, input.ApiId, 'stage', stage.StageName);
    });
    cp.changed(input.ApiId);
    return render(saved);
  };
}

function render(stage: StageRecord): Record<string, unknown> {
  return { ...structuredClone(stage), Tags: stage.Tags ?? {} };
}

export function getStage(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; StageName: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      return render(await requireChild<StageRecord>(tx, input.ApiId, 'stage', input.StageName));
    });
}

export function getStages(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; MaxResults?: string; NextToken?: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const stages = await listChildren<StageRecord>(tx, input.ApiId, 'stage');
      return page(stages.map(render), input.MaxResults, input.NextToken);
    });
}

export function updateStage(cp: ControlPlane) {
  return async (ctx: RequestContext, input: StageInput & { StageName: string }) => {
    const stage = await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const stage = await requireChild<StageRecord>(tx, input.ApiId, 'stage', input.StageName);
      if (input.DeploymentId) await requireChild(tx, input.ApiId, 'deployment', input.DeploymentId);
      const wasAuto = stage.AutoDeploy;
      assignDefined(stage, {
        AutoDeploy: input.AutoDeploy,
        DeploymentId: input.DeploymentId,
        Description: input.Description,
        StageVariables: input.StageVariables,
        AccessLogSettings: input.AccessLogSettings,
        RouteSettings: input.RouteSettings,
      });
      if (input.DefaultRouteSettings) {
        stage.DefaultRouteSettings = { ...stage.DefaultRouteSettings, ...input.DefaultRouteSettings };
      }
      stage.LastUpdatedDate = new Date().toISOString();
      await putChild(tx, input.ApiId, 'stage', stage.StageName, stage);
      if (stage.AutoDeploy && !wasAuto) await autoDeploy(tx, input.ApiId);
      return requireChild<StageRecord>(tx, input.ApiId, 'stage', stage.StageName);
    });
    cp.changed(input.ApiId);
    return render(stage);
  };
}

export function deleteStage(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; StageName: string }) => {
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await requireChild(tx, input.ApiId, 'stage', input.StageName);
      await deleteChild(tx, input.ApiId, 'stage', input.StageName);
    });
    cp.changed(input.ApiId);
    return {};
  };
}

export function deleteAccessLogSettings(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; StageName: string }) => {
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const stage = await requireChild<StageRecord>(tx, input.ApiId, 'stage', input.StageName);
      delete stage.AccessLogSettings;
      await putChild(tx, input.ApiId, 'stage', stage.StageName, stage);
    });
    cp.changed(input.ApiId);
    return {};
  };
}
