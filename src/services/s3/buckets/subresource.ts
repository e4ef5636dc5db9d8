// One way to keep a bucket sub-configuration (?cors, ?encryption, ?lifecycle, …): stored in a field
// of the bucket's record, so it is written in the bucket's transaction, survives restarts and goes
// with DeleteBucket. Each configuration states how a Put is checked and what Get answers; the
// Get/Put/Delete handlers are made here, once for all of them.
import type { ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { mutate, type S3Context } from '../deps.js';
import { requireBucket } from '../storage/object-repo.js';
import { NS, type BucketConfig, type BucketRecord } from '../storage/records.js';

type Output = Record<string, unknown>;
type Handler = (s3: S3Context, ctx: RequestContext, input: any) => Promise<Output>;

export interface PutContext {
  bucket: BucketRecord;
  /** To look at other buckets (a logging target). */
  tx: ReadTx;
  ctx: RequestContext;
}

export interface BucketSubresource<F extends keyof BucketConfig> {
  field: F;
  /** Checks a Put's input (throwing S3's error) and returns what to store; undefined removes it. */
  parse(input: any, put: PutContext): BucketConfig[F] | Promise<BucketConfig[F]>;
  /** Get's answer from what is stored. */
  output(stored: NonNullable<BucketConfig[F]>, bucket: BucketRecord): Output;
  /** Get's answer when nothing is stored: S3's default document, or (thrown) its not-found error. */
  absent(bucket: BucketRecord): Output;
  /** What Put answers besides the status, if anything. */
  putOutput?(stored: NonNullable<BucketConfig[F]>): Output;
}

export interface SubresourceHandlers {
  get: Handler;
  put: Handler;
  delete: Handler;
}

export function subresourceHandlers<F extends keyof BucketConfig>(
  def: BucketSubresource<F>,
): SubresourceHandlers {
  return {
    get: async (s3, ctx, input) => {
      const bucket = await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
      const stored = bucket[def.field];
      return stored === undefined ? def.absent(bucket) : def.output(stored, bucket);
    },
    put: async (s3, ctx, input) => {
      let value: BucketConfig[F] | undefined;
      await updateBucket(s3, ctx, input.Bucket, async (bucket, tx) => {
        value = await def.parse(input, { bucket, tx, ctx });
        if (value === undefined) delete bucket[def.field];
        else (bucket as BucketConfig)[def.field] = value as BucketRecord[F];
      });
      return value !== undefined && def.putOutput ? def.putOutput(value) : {};
    },
    delete: (s3, ctx, input) =>
      updateBucket(s3, ctx, input.Bucket, (bucket) => {
        delete bucket[def.field];
      }),
  };
}

/** Changes the caller's bucket record in one write transaction. */
export function updateBucket(
  s3: S3Context,
  ctx: RequestContext,
  name: string,
  change: (bucket: BucketRecord, tx: ReadTx) => void | Promise<void>,
): Promise<Output> {
  return mutate(s3, async (tx) => {
    const bucket = await requireBucket(tx, name, ctx.accountId);
    await change(bucket, tx);
    await tx.put(NS.buckets, name, bucket);
    return {};
  });
}
