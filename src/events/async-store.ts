// How the async invocation queue lives in the Store. An event is written before Invoke answers 202
// and deleted only once its outcome (success, or a failure sent to its destination) is recorded, so a
// restart — even after kill -9 — delivers it again: at least once.
//
//   events.async.items      <seq>  → AsyncItem (small: what to run, when, how often it failed)
//   events.async.payloads   <seq>  → base64 payload (read only when the event runs)
//   events.async.responses  <seq>  → the last function response (for a later failure record)
//   events.async.meta       'seq'  → the last sequence number handed out
//
// Keys are zero-padded sequence numbers, so listing after the last key seen finds new events in
// the order they were committed (write transactions are serialized).
import type { ReadTx, WriteTx } from '../storage/store.js';
import type { RecordResponse } from './invocation-record.js';

export const NS_ITEMS = 'events.async.items';
export const NS_PAYLOADS = 'events.async.payloads';
export const NS_RESPONSES = 'events.async.responses';
export const NS_META = 'events.async.meta';

export interface AsyncItem {
  /** The request id the function sees on every attempt (the Invoke's request id). */
  requestId: string;
  accountId: string;
  /** As the caller named it: name, full or partial ARN, optionally with `:qualifier`. */
  functionName: string;
  qualifier?: string;
  /** Epoch ms when the event was accepted. */
  enqueuedAt: number;
  /** Epoch ms before which the event is not attempted (retry back-off). */
  dueAt: number;
  /** Attempts that reached the function (the record's approximateInvokeCount). */
  invokeCount: number;
  /** Function errors so far (counted against MaximumRetryAttempts). */
  functionErrors: number;
  /** Consecutive throttles or system errors (for the exponential back-off). */
  systemErrors: number;
  /** The service that invokes (S3 notifications…): its permission is checked at each delivery. */
  invoker?: ServiceInvoker;
}

/** A service invoking on behalf of one of its resources, checked against the function's policy. */
export interface ServiceInvoker {
  /** The service principal, e.g. 's3.amazonaws.com'. */
  principal: string;
  /** aws:SourceArn, e.g. the bucket's ARN. */
  sourceArn?: string;
  /** aws:SourceAccount, the account that owns the source resource. */
  sourceAccount?: string;
}

export function seqKey(seq: number): string {
  return String(seq).padStart(16, '0');
}

export async function insertItem(tx: WriteTx, item: AsyncItem, payload: Buffer): Promise<string> {
  const seq = ((await tx.get<number>(NS_META, 'seq')) ?? 0) + 1;
  await tx.put(NS_META, 'seq', seq);
  const key = seqKey(seq);
  await tx.put(NS_ITEMS, key, item);
  await tx.put(NS_PAYLOADS, key, payload.toString('base64'));
  return key;
}

export async function readPayload(tx: ReadTx, key: string): Promise<Buffer> {
  return Buffer.from((await tx.get<string>(NS_PAYLOADS, key)) ?? '', 'base64');
}

export async function readResponse(tx: ReadTx, key: string): Promise<RecordResponse | undefined> {
  return tx.get<RecordResponse>(NS_RESPONSES, key);
}

export async function updateItem(
  tx: WriteTx,
  key: string,
  item: AsyncItem,
  response?: RecordResponse,
): Promise<void> {
  await tx.put(NS_ITEMS, key, item);
  if (response) await tx.put(NS_RESPONSES, key, response);
}

export async function deleteItem(tx: WriteTx, key: string): Promise<void> {
  await tx.delete(NS_ITEMS, key);
  await tx.delete(NS_PAYLOADS, key);
  await tx.delete(NS_RESPONSES, key);
}

export async function listItemsAfter(
  tx: ReadTx,
  after: string,
): Promise<Array<{ key: string; value: AsyncItem }>> {
  return tx.list<AsyncItem>(NS_ITEMS, after ? { after } : {});
}
