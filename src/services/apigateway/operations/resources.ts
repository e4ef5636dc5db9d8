// CreateResource, GetResource, GetResources, UpdateResource, DeleteResource.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html
// A resource's path part is a literal, a `{param}`, or a greedy `{param+}`; at most one variable
// sibling, no children under a greedy one, unique names among siblings. Texts as AWS answers
// (LocalStack's validated snapshots, TestApiGatewayApiResource).
import { badRequest, conflict, resourceNotFound } from '../errors.js';
import { resourceId } from '../ids.js';
import { applyPatch, type PatchOperation, type PatchRule } from '../patch.js';
import type { ResourceRecord, RestApiRecord } from '../records.js';
import { resourcePath, resourceView } from '../views.js';
import { type ControlPlaneDeps, type Handler, findResource, paginate, readApi, updateApi } from './common.js';

const PATH_PART = /^(\{[a-zA-Z0-9._-]+\+?\}|[a-zA-Z0-9._:-]+)$/;

const isVariable = (part: string | undefined): boolean => part?.startsWith('{') === true;
const isGreedy = (part: string | undefined): boolean => part?.endsWith('+}') === true;

/** Checks that pathPart may live under parentId (ignoring `self`, when a resource moves). */
export function checkPlacement(api: RestApiRecord, parentId: string, pathPart: string, self?: string): void {
  if (!PATH_PART.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
  const parent = findResource(api, parentId);
  if (isGreedy(parent.pathPart))
    throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  for (const sibling of Object.values(api.resources)) {
    if (sibling.parentId !== parentId || sibling.id === self) continue;
    if (sibling.pathPart === pathPart)
      throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
    if (isVariable(pathPart) && isVariable(sibling.pathPart)) {
      throw badRequest(
        `A sibling (${sibling.pathPart}) of this resource already has a variable path part -- only one is allowed`,
      );
    }
  }
}

/** Creates the resource (checked) and returns it. */
export function addResource(api: RestApiRecord, parentId: string, pathPart: string): ResourceRecord {
  checkPlacement(api, parentId, pathPart);
  const resource: ResourceRecord = { id: resourceId(), parentId, pathPart, methods: {} };
  api.resources[resource.id] = resource;
  return resource;
}

/** Resources in the order GetResources lists them: by path. */
export function sortedResources(api: RestApiRecord): ResourceRecord[] {
  const withPaths = Object.values(api.resources).map((r) => ({ r, path: resourcePath(api.resources, r.id) }));
  withPaths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return withPaths.map((x) => x.r);
}

const RESOURCE_RULES: PatchRule<{ api: RestApiRecord; resource: ResourceRecord }>[] = [
  {
    path: '/pathPart',
    ops: ['replace'],
    apply: ({ api, resource }, _op, value) => {
      if (resource.parentId === undefined) throw badRequest('Root resource cannot update its pathPart.');
      checkPlacement(api, resource.parentId, value ?? '', resource.id);
      resource.pathPart = value ?? '';
    },
  },
  {
    path: '/parentId',
    ops: ['replace'],
    apply: ({ api, resource }, _op, value) => {
      if (resource.parentId === undefined) throw badRequest('Root resource cannot update its parentId.');
      const parentId = value ?? '';
      findResource(api, parentId);
      for (
        let p: ResourceRecord | undefined = api.resources[parentId];
        p;
        p = p.parentId ? api.resources[p.parentId] : undefined
      ) {
        if (p.id === resource.id) throw badRequest('Resources cannot be cyclical.');
      }
      checkPlacement(api, parentId, resource.pathPart ?? '', resource.id);
      resource.parentId = parentId;
    },
  },
];

function deleteTree(api: RestApiRecord, id: string): void {
  for (const child of Object.values(api.resources)) if (child.parentId === id) deleteTree(api, child.id);
  delete api.resources[id];
}

const embedsMethods = (embed: string[] | undefined): boolean =>
  (embed ?? []).some((e) => e.split(',').includes('methods'));

export function resourceHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    CreateResource: async (ctx, input: { restApiId: string; parentId: string; pathPart: string }) =>
      updateApi(deps, ctx, input.restApiId, (api) =>
        resourceView(api.resources, addResource(api, input.parentId, input.pathPart), false),
      ),
    GetResource: async (ctx, input: { restApiId: string; resourceId: string; embed?: string[] }) => {
      const api = await readApi(deps, ctx, input.restApiId).catch(rethrowAsResourceNotFound);
      const resource = findResource(api, input.resourceId);
      return resourceView(api.resources, resource, embedsMethods(input.embed));
    },
    GetResources: async (
      ctx,
      input: { restApiId: string; position?: string; limit?: number; embed?: string[] },
    ) => {
      const api = await readApi(deps, ctx, input.restApiId);
      const embed = embedsMethods(input.embed);
      const views = sortedResources(api).map((r) => resourceView(api.resources, r, embed));
      return paginate(views, input.position, input.limit);
    },
    UpdateResource: async (
      ctx,
      input: { restApiId: string; resourceId: string; patchOperations?: PatchOperation[] },
    ) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const resource = findResource(api, input.resourceId);
        applyPatch({ api, resource }, input.patchOperations, RESOURCE_RULES);
        return resourceView(api.resources, resource, false);
      }).catch(rethrowAsResourceNotFound),
    DeleteResource: async (ctx, input: { restApiId: string; resourceId: string }) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const resource = findResource(api, input.resourceId);
        // Unconfirmed text: AWS refuses to delete the root resource; the wording is ours.
        if (resource.parentId === undefined) throw badRequest('Cannot delete root resource');
        deleteTree(api, resource.id);
        return {};
      }).catch(rethrowAsResourceNotFound),
  };
}

/**
 * Operations addressed at a resource answer "Invalid Resource identifier specified" even when the
 * API itself does not exist (AWS's behaviour in the validated snapshots: PutMethod, GetIntegration,
 * UpdateResource with a wrong API id).
 */
export function rethrowAsResourceNotFound(e: unknown): never {
  if ((e as { message?: string })?.message?.startsWith('Invalid API identifier specified'))
    throw resourceNotFound();
  throw e;
}
