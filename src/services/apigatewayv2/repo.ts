// Storage layout of HTTP APIs: one namespace of APIs keyed by ApiId (ids are unique across
// accounts, and the data plane only knows the id), and one of their children keyed
// `{apiId}\0{kind}\0{id}` so an API's routes (or stages…) list in one prefix scan and an API's
// whole tree deletes with one prefix.
import type { ReadTx, WriteTx } from '../../storage/store.js';
import type { ApiRecord, ChildKind } from './records.js';

export const APIS_NS = 'apigwv2-apis';
export const CHILDREN_NS = 'apigwv2-children';

const childKey = (apiId: string, kind: ChildKind, id: string): string => `${apiId}\u0000${kind}\u0000${id}`;
const kindPrefix = (apiId: string, kind: ChildKind): string => `${apiId}\u0000${kind}\u0000`;

export const getApi = (tx: ReadTx, apiId: string): Promise<ApiRecord | undefined> =>
  tx.get<ApiRecord>(APIS_NS, apiId);

export const putApi = (tx: WriteTx, api: ApiRecord): Promise<void> => tx.put(APIS_NS, api.ApiId, api);

export async function listApis(tx: ReadTx, accountId: string): Promise<ApiRecord[]> {
  const all = await tx.list<ApiRecord>(APIS_NS);
  return all.map((e) => e.value).filter((a) => a.accountId === accountId);
}

export async function deleteApiTree(tx: WriteTx, apiId: string): Promise<void> {
  await tx.delete(APIS_NS, apiId);
  await tx.deletePrefix(CHILDREN_NS, `${apiId}\u0000`);
}

export const getChild = <T>(tx: ReadTx, apiId: string, kind: ChildKind, id: string): Promise<T | undefined> =>
  tx.get<T>(CHILDREN_NS, childKey(apiId, kind, id));

export const putChild = <T>(
  tx: WriteTx,
  apiId: string,
  kind: ChildKind,
  id: string,
  value: T,
): Promise<void> => tx.put(CHILDREN_NS, childKey(apiId, kind, id), value);

export const deleteChild = (tx: WriteTx, apiId: string, kind: ChildKind, id: string): Promise<boolean> =>
  tx.delete(CHILDREN_NS, childKey(apiId, kind, id));

export async function listChildren<T>(tx: ReadTx, apiId: string, kind: ChildKind): Promise<T[]> {
  const entries = await tx.list<T>(CHILDREN_NS, { prefix: kindPrefix(apiId, kind) });
  return entries.map((e) => e.value);
}
