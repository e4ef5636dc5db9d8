// CreateDeployment, GetDeployment(s), DeleteDeployment, and the stages that point at deployments:
// CreateStage, GetStage(s), UpdateStage, DeleteStage.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDeployment.html
// A deployment freezes the API's resources, methods, authorizers, models and request validators; a stage serves one deployment
// with its stage variables and method settings (throttling).
import { badRequest, conflict, deploymentNotFound, stageNotFound } from '../errors.js';
import { deploymentId } from '../ids.js';
import {
  applyPatch,
  booleanRule,
  mapRule,
  stringRule,
  type PatchOperation,
  type PatchRule,
} from '../patch.js';
import type { DeploymentRecord, RestApiRecord, StageRecord } from '../records.js';
import { deploymentView, stageView } from '../views.js';
import { type ControlPlaneDeps, type Handler, now, paginate, readApi, updateApi } from './common.js';

const STAGE_NAME = /^[a-zA-Z0-9_]+$/;

export interface CreateStageInput {
  restApiId: string;
  stageName: string;
  deploymentId: string;
  description?: string;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  variables?: Record<string, string>;
  tracingEnabled?: boolean;
  tags?: Record<string, string>;
}

/** Freezes the API as it is now. */
export function createDeployment(api: RestApiRecord, description?: string): DeploymentRecord {
  const methods = Object.values(api.resources).flatMap((r) => Object.values(r.methods));
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method');
  const deployment: DeploymentRecord = {
    id: deploymentId(),
    description,
    createdDate: now(),
    snapshot: structuredClone({
      resources: api.resources,
      authorizers: api.authorizers,
      models: api.models,
      requestValidators: api.requestValidators,
      apiKeySource: api.apiKeySource,
      binaryMediaTypes: api.binaryMediaTypes,
      // "The update requires redeploying the API" (GatewayResponse, in "Updates to REST APIs that
      // require redeployment").
      gatewayResponses: api.gatewayResponses ?? {},
    }),
  };
  api.deployments[deployment.id] = deployment;
  return deployment;
}

export function createStage(api: RestApiRecord, input: CreateStageInput): StageRecord {
  // AWS's text, as Terraform users reported it ("BadRequestException: Stage name only allows a-zA-Z0-9_").
  if (!STAGE_NAME.test(input.stageName)) throw badRequest('Stage name only allows a-zA-Z0-9_');
  if (api.stages[input.stageName]) throw conflict('Stage already exists');
  if (!api.deployments[input.deploymentId]) throw badRequest('Invalid deployment identifier specified');
  const time = now();
  const stage: StageRecord = {
    stageName: input.stageName,
    deploymentId: input.deploymentId,
    description: input.description,
    cacheClusterEnabled: input.cacheClusterEnabled ?? false,
    cacheClusterSize: input.cacheClusterSize,
    variables: input.variables,
    methodSettings: {},
    tracingEnabled: input.tracingEnabled ?? false,
    tags: input.tags,
    createdDate: time,
    lastUpdatedDate: time,
  };
  api.stages[stage.stageName] = stage;
  return stage;
}

/**
 * Method settings paths: `/{resourcePath}/{httpMethod}/{setting}` with the resource path's slashes as
 * `~1`, or `/*\/*\/…` for the whole stage; stored under `{resourcePath}/{httpMethod}` as AWS lists them.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateStage.html
 */
const METHOD_SETTING =
  /^\/([^/]+)\/([^/]+)\/(throttling\/burstLimit|throttling\/rateLimit|logging\/loglevel|logging\/dataTrace|metrics\/enabled|caching\/enabled|caching\/ttlInSeconds)$/;

const SETTING_NAMES: Record<string, string> = {
  'throttling/burstLimit': 'throttlingBurstLimit',
  'throttling/rateLimit': 'throttlingRateLimit',
  'logging/loglevel': 'loggingLevel',
  'logging/dataTrace': 'dataTraceEnabled',
  'metrics/enabled': 'metricsEnabled',
  'caching/enabled': 'cachingEnabled',
  'caching/ttlInSeconds': 'cacheTtlInSeconds',
};

function applyMethodSetting(stage: StageRecord, op: PatchOperation): boolean {
  const m = METHOD_SETTING.exec(op.path ?? '');
  if (!m) return false;
  const key = `${m[1]}/${m[2]}`;
  const name = SETTING_NAMES[m[3]!]!;
  const setting = { ...(stage.methodSettings[key] ?? {}) };
  if (op.op === 'remove') delete setting[name];
  else {
    const v = op.value ?? '';
    setting[name] =
      v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) && v !== '' ? Number(v) : v;
  }
  stage.methodSettings[key] = setting;
  return true;
}

const stageRules = (api: RestApiRecord): PatchRule<StageRecord>[] => [
  stringRule('/description', (s, v) => (s.description = v)),
  stringRule('/deploymentId', (s, v) => {
    if (!v || !api.deployments[v]) throw deploymentNotFound();
    s.deploymentId = v;
  }),
  booleanRule('/tracingEnabled', (s, v) => (s.tracingEnabled = v)),
  booleanRule('/cacheClusterEnabled', (s, v) => (s.cacheClusterEnabled = v)),
  stringRule('/cacheClusterSize', (s, v) => (s.cacheClusterSize = v)),
  mapRule(
    '/variables/',
    (s) => s.variables,
    (s, m) => (s.variables = m),
  ),
  // Access logging: the log group's ARN and the `$context` format; `remove /accessLogSettings` turns
  // it off. https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
  stringRule('/accessLogSettings/destinationArn', (s, v) => setAccessLog(s, 'destinationArn', v)),
  stringRule('/accessLogSettings/format', (s, v) => setAccessLog(s, 'format', v)),
  { path: '/accessLogSettings', ops: ['remove'], apply: (s) => delete s.accessLogSettings },
];

function setAccessLog(stage: StageRecord, key: 'destinationArn' | 'format', value: string | undefined): void {
  const settings = { ...stage.accessLogSettings, [key]: value };
  if (value === undefined) delete settings[key];
  stage.accessLogSettings = Object.keys(settings).length > 0 ? settings : undefined;
}

/** UpdateDeployment's description (its canary settings are not served, as canaries are not). */
const DEPLOYMENT_RULES: PatchRule<DeploymentRecord>[] = [
  stringRule('/description', (d, v) => (d.description = v)),
];

export function deploymentHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    CreateDeployment: async (
      ctx,
      input: {
        restApiId: string;
        stageName?: string;
        stageDescription?: string;
        description?: string;
        variables?: Record<string, string>;
      },
    ) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const deployment = createDeployment(api, input.description);
        if (input.stageName) {
          const existing = api.stages[input.stageName];
          if (existing) {
            existing.deploymentId = deployment.id;
            if (input.variables) existing.variables = { ...(existing.variables ?? {}), ...input.variables };
            existing.lastUpdatedDate = now();
          } else {
            createStage(api, {
              restApiId: api.id,
              stageName: input.stageName,
              deploymentId: deployment.id,
              description: input.stageDescription,
              variables: input.variables,
            });
          }
        }
        return deploymentView(deployment);
      }),
    GetDeployment: async (ctx, input: { restApiId: string; deploymentId: string }) => {
      const deployment = (await readApi(deps, ctx, input.restApiId)).deployments[input.deploymentId];
      if (!deployment) throw deploymentNotFound();
      return deploymentView(deployment);
    },
    GetDeployments: async (ctx, input: { restApiId: string; position?: string; limit?: number }) => {
      const api = await readApi(deps, ctx, input.restApiId);
      const list = Object.values(api.deployments).sort((a, b) => a.createdDate - b.createdDate);
      return paginate(list.map(deploymentView), input.position, input.limit);
    },
    UpdateDeployment: async (
      ctx,
      input: { restApiId: string; deploymentId: string; patchOperations?: PatchOperation[] },
    ) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const deployment = api.deployments[input.deploymentId];
        if (!deployment) throw deploymentNotFound();
        applyPatch(deployment, input.patchOperations, DEPLOYMENT_RULES);
        return deploymentView(deployment);
      }),
    DeleteDeployment: async (ctx, input: { restApiId: string; deploymentId: string }) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        if (!api.deployments[input.deploymentId]) throw deploymentNotFound();
        if (Object.values(api.stages).some((s) => s.deploymentId === input.deploymentId))
          throw badRequest('Active stages pointing to this deployment must be moved or deleted');
        delete api.deployments[input.deploymentId];
        return {};
      }),
    CreateStage: async (ctx, input: CreateStageInput) =>
      updateApi(deps, ctx, input.restApiId, (api) => stageView(createStage(api, input))),
    GetStage: async (ctx, input: { restApiId: string; stageName: string }) => {
      const stage = (await readApi(deps, ctx, input.restApiId)).stages[input.stageName];
      if (!stage) throw stageNotFound();
      return stageView(stage);
    },
    GetStages: async (ctx, input: { restApiId: string; deploymentId?: string }) => {
      const api = await readApi(deps, ctx, input.restApiId);
      const stages = Object.values(api.stages)
        .filter((s) => !input.deploymentId || s.deploymentId === input.deploymentId)
        .sort((a, b) => a.stageName.localeCompare(b.stageName));
      return { item: stages.map(stageView) };
    },
    UpdateStage: async (
      ctx,
      input: { restApiId: string; stageName: string; patchOperations?: PatchOperation[] },
    ) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const stage = api.stages[input.stageName];
        if (!stage) throw stageNotFound();
        const rest = (input.patchOperations ?? []).filter((op) => !applyMethodSetting(stage, op));
        applyPatch(stage, rest, stageRules(api));
        stage.lastUpdatedDate = now();
        return stageView(stage);
      }),
    DeleteStage: async (ctx, input: { restApiId: string; stageName: string }) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        if (!api.stages[input.stageName]) throw stageNotFound();
        delete api.stages[input.stageName];
        return {};
      }),
  };
}
