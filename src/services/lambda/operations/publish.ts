// Publishing a version: a snapshot of $LATEST's code and configuration under the next number.
// "Lambda doesn't publish a version if the function's configuration and code haven't changed since
// the last version" — it answers with that version instead
// (https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html).
import type { WriteTx } from '../../../storage/store.js';
import { changeCodeUsage } from '../code-storage.js';
import { lambdaDate, newRevisionId, pendingState } from '../config-doc.js';
import type { FunctionRecord, VersionRecord } from '../store/records.js';
import { getVersion, putFunction, putVersion } from '../store/repo.js';

export interface PublishResult {
  version: VersionRecord;
  /** False when the last published version was returned unchanged. */
  created: boolean;
  /** $LATEST with its new RevisionId (publishing changes it, as AWS shows). */
  latest: VersionRecord;
}

/**
 * Publishes `latest` in the write transaction. `fromPendingChange` marks a publish made together
 * with a create or code update (Publish: true): that version starts Pending like the change itself;
 * a PublishVersion of a settled $LATEST is Active at once. A new version's package counts against
 * the account's code storage (`codeStorageLimit`, code-storage.ts).
 */
export async function publishInTx(
  tx: WriteTx,
  accountId: string,
  fn: FunctionRecord,
  latest: VersionRecord,
  options: { description?: string; fromPendingChange: boolean; now: Date; codeStorageLimit: number },
): Promise<PublishResult> {
  const name = fn.name;
  const previous =
    fn.nextVersion > 1 ? await getVersion(tx, accountId, name, String(fn.nextVersion - 1)) : undefined;
  if (previous && previous.fingerprint === latest.fingerprint)
    return { version: previous, created: false, latest };

  await changeCodeUsage(tx, accountId, { code: latest.config.CodeSize }, options.codeStorageLimit);
  const number = String(fn.nextVersion);
  const config = { ...structuredClone(latest.config), Version: number, RevisionId: newRevisionId() };
  config.LastModified = lambdaDate(options.now);
  if (options.description !== undefined) config.Description = options.description;
  if (options.fromPendingChange) {
    Object.assign(config, pendingState());
    delete config.LastUpdateStatus;
    delete config.LastUpdateStatusReason;
    delete config.LastUpdateStatusReasonCode;
  }
  const version: VersionRecord = { ...latest, config };
  await putVersion(tx, accountId, version);
  await putFunction(tx, accountId, { ...fn, nextVersion: fn.nextVersion + 1 });
  const bumped: VersionRecord = { ...latest, config: { ...latest.config, RevisionId: newRevisionId() } };
  await putVersion(tx, accountId, bumped);
  return { version, created: true, latest: bumped };
}
