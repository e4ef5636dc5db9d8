// GetObjectAttributes: the attributes x-amz-object-attributes names (ETag, Checksum, ObjectParts,
// StorageClass, ObjectSize), without the body. https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
// - ETag is unquoted here, unlike every other response (users compared S3's answers: versitygw#1114).
// - ObjectParts of a multipart object is its parts count. S3 lists the parts themselves only for an
//   upload made with additional checksums, whose per-part checksums Cumulo does not keep; as S3 does
//   for uploads without them, it answers the count alone (re:Post "S3 GetObjectAttributes only returns
//   TotalPartsCount"). An object not uploaded in parts has no ObjectParts.
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { invalidArgument } from '../errors.js';
import { addressedVersion } from './get-object.js';
import { versionIdOut } from './object-output.js';

const ATTRIBUTES = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);

export async function GetObjectAttributes(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const wanted = new Set(
    ((input.ObjectAttributes ?? []) as string[]).flatMap((a) => a.split(',')).map((a) => a.trim()),
  );
  for (const name of wanted) {
    // As S3 answers (recorded in versity/versitygw#917): the header and the name it did not know.
    if (!ATTRIBUTES.has(name)) {
      throw invalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', name);
    }
  }
  const { bucket, version } = await addressedVersion(s3, ctx, input.Bucket, input.Key, input.VersionId);
  const out: Record<string, unknown> = {
    LastModified: new Date(version.lastModified),
    VersionId: versionIdOut(bucket, version),
  };
  if (wanted.has('ETag')) out.ETag = version.etag.replace(/^"|"$/g, '');
  if (wanted.has('Checksum') && version.checksum) {
    out.Checksum = { [`Checksum${version.checksum.algorithm}`]: version.checksum.value };
  }
  if (wanted.has('ObjectParts') && version.partsCount) {
    out.ObjectParts = { TotalPartsCount: version.partsCount };
  }
  if (wanted.has('StorageClass')) out.StorageClass = version.storageClass;
  if (wanted.has('ObjectSize')) out.ObjectSize = version.size;
  return out;
}
