// Deployment packages named by S3Bucket/S3Key(/S3ObjectVersion), for functions and layers alike.
// Lambda reports S3's failure inside its own InvalidParameterValueException:
// "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist."
import { isServiceError, ServiceError } from '../../../server/service-error.js';

export type GetS3Object = (
  accountId: string,
  bucket: string,
  key: string,
  versionId?: string,
) => Promise<Buffer>;

export async function readS3Package(
  getS3Object: GetS3Object | undefined,
  accountId: string,
  source: { S3Bucket: string; S3Key?: string; S3ObjectVersion?: string },
): Promise<Buffer> {
  const fail = (code: string, message: string) =>
    new ServiceError(
      'InvalidParameterValueException',
      `Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`,
      400,
      { Type: 'User' },
    );
  if (!getS3Object) throw fail('NoSuchBucket', 'The specified bucket does not exist');
  try {
    return await getS3Object(accountId, source.S3Bucket, source.S3Key ?? '', source.S3ObjectVersion);
  } catch (e) {
    if (isServiceError(e)) throw fail(e.code, e.message);
    throw e;
  }
}
