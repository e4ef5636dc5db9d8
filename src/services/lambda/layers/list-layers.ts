// ListLayers (each layer with its latest version matching the filters) and ListLayerVersions (newest
// first). Both page with Marker/MaxItems (1–50); the marker is the last item's layer name / version.
// https://docs.aws.amazon.com/lambda/latest/api/API_ListLayers.html
// https://docs.aws.amazon.com/lambda/latest/api/API_ListLayerVersions.html
import type { RequestContext } from '../../service.js';
import { layerArn, parseLayerRef } from './arns.js';
import { listItem, type LayerContext } from './deps.js';
import { LAYERS_NS, layerPrefix, type StoredLayerVersion } from './keys.js';

const DEFAULT_MAX_ITEMS = 50;

interface Filters {
  CompatibleRuntime?: string;
  CompatibleArchitecture?: string;
  Marker?: string;
  MaxItems?: number;
}

const matches = (v: StoredLayerVersion, f: Filters): boolean =>
  (f.CompatibleRuntime === undefined || (v.CompatibleRuntimes ?? []).includes(f.CompatibleRuntime)) &&
  (f.CompatibleArchitecture === undefined ||
    (v.CompatibleArchitectures ?? []).includes(f.CompatibleArchitecture));

function page<T>(items: T[], markerOf: (item: T) => string, f: Filters): { items: T[]; next?: string } {
  let start = 0;
  if (f.Marker !== undefined) {
    const at = items.findIndex((item) => markerOf(item) === f.Marker);
    start = at < 0 ? items.length : at + 1;
  }
  const max = f.MaxItems ?? DEFAULT_MAX_ITEMS;
  const slice = items.slice(start, start + max);
  const more = start + max < items.length;
  return more ? { items: slice, next: markerOf(slice[slice.length - 1]!) } : { items: slice };
}

export function listLayers(deps: LayerContext) {
  return async function ListLayers(ctx: RequestContext, input: Filters) {
    const accountId = ctx.accountId;
    const all = await deps.store.read((tx) =>
      tx.list<StoredLayerVersion>(LAYERS_NS, { prefix: `${accountId}/` }),
    );
    const latest = new Map<string, StoredLayerVersion>();
    for (const { value } of all) {
      if (!matches(value, input)) continue;
      const seen = latest.get(value.LayerName);
      if (!seen || seen.Version < value.Version) latest.set(value.LayerName, value);
    }
    const layers = [...latest.values()].sort((a, b) => (a.LayerName < b.LayerName ? -1 : 1));
    const { items, next } = page(layers, (v) => v.LayerName, input);
    const output: Record<string, unknown> = {
      Layers: items.map((v) => ({
        LayerName: v.LayerName,
        LayerArn: layerArn(deps.region, accountId, v.LayerName),
        LatestMatchingVersion: listItem(deps.region, accountId, v),
      })),
    };
    if (next !== undefined) output.NextMarker = next;
    return output;
  };
}

export function listLayerVersions(deps: LayerContext) {
  return async function ListLayerVersions(ctx: RequestContext, input: Filters & { LayerName: string }) {
    const accountId = ctx.accountId;
    const ref = parseLayerRef(input.LayerName);
    // A layer that does not exist (or is not visible) simply has no versions.
    const visible =
      ref && (!ref.accountId || ref.accountId === accountId) && (!ref.region || ref.region === deps.region);
    const entries = visible
      ? await deps.store.read((tx) =>
          tx.list<StoredLayerVersion>(LAYERS_NS, { prefix: layerPrefix(accountId, ref.name), reverse: true }),
        )
      : [];
    const versions = entries.map((e) => e.value).filter((v) => matches(v, input));
    const { items, next } = page(versions, (v) => String(v.Version), input);
    const output: Record<string, unknown> = {
      LayerVersions: items.map((v) => listItem(deps.region, accountId, v)),
    };
    if (next !== undefined) output.NextMarker = next;
    return output;
  };
}
