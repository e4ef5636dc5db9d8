// Reports object changes to the notification seam (object-events.ts) inside the change's transaction.
import type { WriteTx } from '../../storage/store.js';
import type { RequestContext } from '../service.js';
import type { S3Context } from './deps.js';
import type { ObjectEvent } from './object-events.js';
import { sequencer } from './storage/object-repo.js';

export interface ChangeEvent {
  eventName: string;
  bucket: string;
  key: string;
  seq: number;
  size?: number;
  /** With or without quotes; notifications carry it bare. */
  etag?: string;
  versionId?: string;
  /** An s3:ObjectRestore:Completed event's restored copy. */
  restore?: ObjectEvent['restore'];
}

export async function recordEvent(
  s3: S3Context,
  tx: WriteTx,
  ctx: RequestContext,
  e: ChangeEvent,
): Promise<void> {
  if (!s3.events) return;
  await s3.events.record(tx, {
    eventName: e.eventName,
    eventTime: new Date().toISOString(),
    accountId: ctx.accountId,
    region: ctx.region,
    bucket: e.bucket,
    key: e.key,
    size: e.size,
    eTag: e.etag?.replace(/"/g, ''),
    // Notifications name a version only in buckets that have versioning.
    versionId: e.versionId && e.versionId !== 'null' ? e.versionId : undefined,
    sequencer: sequencer(e.seq),
    requestId: ctx.requestId,
    sourceIp: ctx.sourceIp,
    principalId: ctx.principal.isRoot ? ctx.principal.accountId : `AWS:${ctx.principal.accessKeyId}`,
    ...(e.restore ? { restore: e.restore } : {}),
  });
}
