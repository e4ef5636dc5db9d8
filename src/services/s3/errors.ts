// S3's errors, with the codes, statuses, messages and extra fields S3 writes
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
import { ServiceError } from '../../server/service-error.js';

export const noSuchBucket = (bucket: string): ServiceError =>
  new ServiceError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });

export const noSuchKey = (key: string, headers: Record<string, string> = {}): ServiceError =>
  new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }, headers);

export const noSuchVersion = (key: string, versionId: string): ServiceError =>
  new ServiceError('NoSuchVersion', 'The specified version does not exist.', 404, {
    Key: key,
    VersionId: versionId,
  });

export const invalidVersionId = (versionId: string): ServiceError =>
  new ServiceError('InvalidArgument', 'Invalid version id specified', 400, {
    ArgumentName: 'versionId',
    ArgumentValue: versionId,
  });

export const invalidArgument = (message: string, name?: string, value?: string): ServiceError =>
  new ServiceError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });

export const invalidRequest = (message: string): ServiceError =>
  new ServiceError('InvalidRequest', message, 400);

export const invalidBucketName = (bucket: string): ServiceError =>
  new ServiceError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });

export const bucketAlreadyOwnedByYou = (bucket: string): ServiceError =>
  new ServiceError(
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    409,
    { BucketName: bucket },
  );

export const bucketAlreadyExists = (bucket: string): ServiceError =>
  new ServiceError(
    'BucketAlreadyExists',
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    409,
    { BucketName: bucket },
  );

export const bucketNotEmpty = (bucket: string, versioned: boolean): ServiceError =>
  new ServiceError(
    'BucketNotEmpty',
    versioned
      ? 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.'
      : 'The bucket you tried to delete is not empty',
    409,
    { BucketName: bucket },
  );

export const preconditionFailed = (condition: string): ServiceError =>
  new ServiceError(
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    412,
    {
      Condition: condition,
    },
  );

/** 304 has no body; the codec's error body is dropped by HTTP itself for this status. */
export const notModified = (etag: string): ServiceError =>
  new ServiceError('NotModified', 'Not Modified', 304, {}, { etag });

export const invalidRange = (size: number, range: string): ServiceError =>
  new ServiceError('InvalidRange', 'The requested range is not satisfiable', 416, {
    RangeRequested: range,
    ActualObjectSize: String(size),
  });

/** A part number past the object's parts (GetObject/HeadObject partNumber). */
export const invalidPartNumber = (requested: number, actual: number): ServiceError =>
  new ServiceError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, {
    PartNumberRequested: String(requested),
    ActualPartCount: String(actual),
  });

/** A body that sent nothing for the idle limit; S3 closes such connections (20 s idle). */
export const requestTimeout = (): ServiceError =>
  new ServiceError(
    'RequestTimeout',
    'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.',
    400,
    {},
    { connection: 'close' },
  );

export const badDigestMd5 = (): ServiceError =>
  new ServiceError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);

export const invalidDigest = (value: string): ServiceError =>
  new ServiceError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, {
    'Content-MD5': value,
  });

export const badChecksum = (algorithm: string): ServiceError =>
  new ServiceError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);

export const invalidChecksumHeader = (header: string): ServiceError =>
  new ServiceError('InvalidRequest', `Value for ${header} header is invalid.`, 400);

export const noSuchUpload = (uploadId: string): ServiceError =>
  new ServiceError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: uploadId },
  );

export const invalidPart = (uploadId: string, partNumber: number, etag: string): ServiceError =>
  new ServiceError(
    'InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
  );

export const invalidPartOrder = (uploadId: string): ServiceError =>
  new ServiceError(
    'InvalidPartOrder',
    'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
    400,
    { UploadId: uploadId },
  );

export const entityTooSmall = (size: number, partNumber: number, etag: string): ServiceError =>
  new ServiceError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
    ProposedSize: String(size),
    MinSizeAllowed: '5242880',
    PartNumber: String(partNumber),
    ETag: etag,
  });

export const malformedXml = (): ServiceError =>
  new ServiceError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );

export const invalidTag = (message: string): ServiceError => new ServiceError('InvalidTag', message, 400);

export const methodNotAllowed = (headers: Record<string, string> = {}): ServiceError =>
  new ServiceError(
    'MethodNotAllowed',
    'The specified method is not allowed against this resource.',
    405,
    {},
    headers,
  );

export const missingContentLength = (): ServiceError =>
  new ServiceError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);

/** Get* of a bucket sub-configuration that is not there: 404 with the code and text S3 uses for it. */
export const noConfiguration = (code: string, message: string, bucket: string): ServiceError =>
  new ServiceError(code, message, 404, { BucketName: bucket });

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html */
export const accessControlListNotSupported = (): ServiceError =>
  new ServiceError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);

export const invalidBucketAclWithObjectOwnership = (): ServiceError =>
  new ServiceError(
    'InvalidBucketAclWithObjectOwnership',
    "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    400,
  );

/** RestoreObject of an object that is not archived, as users recorded S3's answer (getmoto/moto#4670). */
export const restoreNotAllowed = (): ServiceError =>
  new ServiceError(
    'InvalidObjectState',
    "Restore is not allowed for the object's current storage class",
    403,
  );
