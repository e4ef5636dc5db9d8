// The data plane's view of an API: each stage with the deployment it serves, its route table and the
// integrations and authorizers by id. Built from the Store on first use and kept until the control
// plane changes the API (ControlPlane.changed), so a request costs no storage read.
import type { Store } from '../../../storage/store.js';
import type {
  ApiRecord,
  AuthorizerRecord,
  Cors,
  DeploymentRecord,
  IntegrationRecord,
  RouteRecord,
  StageRecord,
} from '../records.js';
import { getApi, getChild, listChildren } from '../repo.js';
import { buildRouteTable, type RouteTable } from '../route-match.js';

export interface StageView {
  stage: StageRecord;
  cors?: Cors;
  table: RouteTable<RouteRecord>;
  integrations: Map<string, IntegrationRecord>;
  authorizers: Map<string, AuthorizerRecord>;
}

export interface ApiView {
  api: ApiRecord;
  /** Stages that have a deployment, by name. */
  stages: Map<string, StageView>;
}

export class ApiViews {
  private readonly cache = new Map<string, Promise<ApiView | undefined>>();

  constructor(private readonly store: Store) {}

  get(apiId: string): Promise<ApiView | undefined> {
    let view = this.cache.get(apiId);
    if (!view) {
      view = this.load(apiId);
      this.cache.set(apiId, view);
      view.catch(() => this.cache.delete(apiId));
    }
    return view;
  }

  invalidate(apiId: string): void {
    this.cache.delete(apiId);
  }

  private async load(apiId: string): Promise<ApiView | undefined> {
    return this.store.read(async (tx) => {
      const api = await getApi(tx, apiId);
      if (!api) return undefined;
      const stages = new Map<string, StageView>();
      for (const stage of await listChildren<StageRecord>(tx, apiId, 'stage')) {
        if (!stage.DeploymentId) continue;
        const deployment = await getChild<DeploymentRecord>(tx, apiId, 'deployment', stage.DeploymentId);
        if (!deployment) continue;
        const snap = deployment.snapshot;
        stages.set(stage.StageName, {
          stage,
          ...(snap.cors ? { cors: snap.cors } : {}),
          table: buildRouteTable(snap.routes),
          integrations: new Map(snap.integrations.map((i) => [i.IntegrationId, i])),
          authorizers: new Map(snap.authorizers.map((a) => [a.AuthorizerId, a])),
        });
      }
      return { api, stages };
    });
  }
}
