// The `rest-xml` protocol (S3): operation by method + URI template (`/{Bucket}/{Key+}`, with
// virtual-hosted buckets folded into the path), HTTP-bound members, XML bodies per the model, and
// streaming blob payloads passed through as streams. Errors are
// `<Error><Code/><Message/>...<RequestId/></Error>`.
// https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../server/http-types.js';
import { ServiceError } from '../server/service-error.js';
import type { Codec, ResolvedOperation } from './codec.js';
import type { OperationModel, ServiceModel } from './model-types.js';
import { isAwsChunked } from './aws-chunked.js';
import { errorStatus } from './errors.js';
import { readHttpMembers, writeRestOutput, type RestBodyWriter } from './http-bindings.js';
import { RestRouter } from './rest-router.js';
import { shapeOf } from './shapes.js';
import { escapeXml, parseXml, XML_DECLARATION } from './xml.js';
import { readXml, writeXml, writeXmlMembers } from './xml-values.js';

const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * Root elements of S3 responses whose output has no payload member; the model does not name them
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html etc.).
 */
const ROOTS: Record<string, string> = {
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  ListObjectVersions: 'ListVersionsResult',
  ListBuckets: 'ListAllMyBucketsResult',
  ListMultipartUploads: 'ListMultipartUploadsResult',
  ListParts: 'ListPartsResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  DeleteObjects: 'DeleteResult',
  GetBucketLocation: 'LocationConstraint',
  GetBucketTagging: 'Tagging',
  GetObjectTagging: 'Tagging',
  GetBucketVersioning: 'VersioningConfiguration',
  GetBucketNotificationConfiguration: 'NotificationConfiguration',
  GetBucketAcl: 'AccessControlPolicy',
  GetObjectAcl: 'AccessControlPolicy',
  GetBucketCors: 'CORSConfiguration',
  GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
  GetBucketAccelerateConfiguration: 'AccelerateConfiguration',
  GetBucketRequestPayment: 'RequestPaymentConfiguration',
  GetBucketLogging: 'BucketLoggingStatus',
  GetBucketWebsite: 'WebsiteConfiguration',
  GetBucketEncryption: 'ServerSideEncryptionConfiguration',
  GetObjectAttributes: 'GetObjectAttributesResponse',
};

export const MALFORMED_XML_MESSAGE =
  'The XML you provided was not well-formed or did not validate against our published schema';

export interface RestXmlOptions {
  /** Host suffixes that mark virtual-hosted-style requests, e.g. ['.s3.localhost.localstack.cloud']. */
  virtualHostSuffixes?: string[];
  /**
   * The service's integrity checks of a body the codec parses (S3: Content-MD5, x-amz-checksum-*),
   * made on its bytes before parsing; throws the service's error. Blob payloads are the handlers'.
   */
  verifyPayload?: (headers: Record<string, string>, body: Buffer) => void;
}

export class RestXmlCodec implements Codec {
  private readonly router: RestRouter;

  constructor(
    readonly model: ServiceModel,
    private readonly options: RestXmlOptions = {},
  ) {
    this.router = new RestRouter(model);
  }

  /** `bucket.s3.<endpoint>` / `bucket.localhost` requests address `/{bucket}/...`. */
  private pathOf(req: HttpRequest): string {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const suffixes = [...(this.options.virtualHostSuffixes ?? []), '.localhost'];
    for (const suffix of suffixes) {
      if (host.endsWith(suffix) && host.length > suffix.length) {
        let bucket = host.slice(0, -suffix.length);
        if (bucket.endsWith('.s3')) bucket = bucket.slice(0, -3);
        return `/${bucket}${req.path === '/' ? '' : req.path}`;
      }
    }
    const m = /^(.+)\.s3[.-]/.exec(host);
    return m ? `/${m[1]}${req.path === '/' ? '' : req.path}` : req.path;
  }

  resolveOperation(req: HttpRequest): ResolvedOperation | undefined {
    return this.router.resolve(req, this.pathOf(req));
  }

  async parseInput(resolved: ResolvedOperation, req: HttpRequest): Promise<Record<string, unknown>> {
    const ref = resolved.operation.input;
    if (!ref) return {};
    const shape = shapeOf(this.model, ref);
    const input = readHttpMembers(this.model, shape, resolved.pathParams, req);
    const payloadName = shape.payload;
    const payloadRef = payloadName ? shape.members?.[payloadName] : undefined;
    if (payloadName && payloadRef) {
      const payloadShape = shapeOf(this.model, payloadRef);
      if (payloadShape.type === 'blob') {
        // The server hands over the body already verified and, for aws-chunked, decoded (src/auth).
        input[payloadName] = req.stream ?? req.body;
        if (isAwsChunked(req.headers)) unchunkedHeaders(req, input);
      } else if (payloadShape.type === 'string') {
        this.options.verifyPayload?.(req.headers, req.body);
        if (req.body.length > 0) input[payloadName] = req.body.toString('utf8');
      } else if (req.body.length > 0) {
        this.options.verifyPayload?.(req.headers, req.body);
        try {
          input[payloadName] = readXml(this.model, payloadRef, parseXml(req.body.toString('utf8')));
        } catch {
          throw new ServiceError('MalformedXML', MALFORMED_XML_MESSAGE, 400);
        }
        checkRequired(this.model, payloadRef.shape, input[payloadName]);
      }
    }
    return input;
  }

  serializeOutput(
    operation: OperationModel,
    output: Record<string, unknown>,
    requestId: string,
  ): HttpResponse {
    const headers: Record<string, string | string[]> = {
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId(requestId),
    };
    const written = writeRestOutput(this.model, operation, output, headers, this.bodyWriter(operation));
    let { status, body } = written;
    // What the model cannot express: S3's 206 for a range, and headers newer than the model
    // (x-amz-checksum-crc64nvme, x-amz-checksum-type) or echoed verbatim (Expires).
    if (typeof output.$status === 'number') status = output.$status;
    if (output.$headers) Object.assign(headers, output.$headers as Record<string, string>);
    // HEAD: no body, but the Content-Length of the GET (an empty stream keeps the header as written).
    if (operation.http?.method === 'HEAD') body = Readable.from([]);
    return { status, headers, body };
  }

  private bodyWriter(operation: OperationModel): RestBodyWriter {
    return {
      payload: (ref, name, value, headers) => {
        if (value === undefined || value === null) return '';
        const element = ref.locationName ?? shapeOf(this.model, ref).locationName ?? name;
        headers['content-type'] ??= 'application/xml';
        return XML_DECLARATION + withNamespace(writeXml(this.model, ref, value, element, true), element);
      },
      members: (shape, output, _status, headers) => {
        if (!Object.values(shape.members ?? {}).some((r) => !r.location)) return '';
        const root =
          ROOTS[operation.name] ?? (operation.output?.shape ?? '').replace(/(Output|Result)$/, 'Result');
        // GetBucketLocation: the root element is the member itself (<LocationConstraint>EU</...>).
        const inner = shape.members?.[root]
          ? escapeXml(String(output[root] ?? ''))
          : writeXmlMembers(this.model, shape, output);
        headers['content-type'] = 'application/xml';
        return `${XML_DECLARATION}<${root} xmlns="${S3_XMLNS}">${inner}</${root}>`;
      },
    };
  }

  serializeError(error: ServiceError, requestId: string, operation?: OperationModel): HttpResponse {
    const headers: Record<string, string | string[]> = {
      ...error.headers,
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId(requestId),
    };
    // A HEAD response has no body: SDKs read the code from the status alone.
    if (operation?.http?.method === 'HEAD')
      return { status: errorStatus(this.model, error), headers, body: '' };
    let fields = '';
    for (const [k, v] of Object.entries(error.fields)) {
      if (v !== undefined && v !== null) fields += `<${k}>${escapeXml(String(v))}</${k}>`;
    }
    headers['content-type'] = 'application/xml';
    const body =
      `${XML_DECLARATION}<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
      `${fields}<RequestId>${escapeXml(requestId)}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`;
    return { status: errorStatus(this.model, error), headers, body };
  }
}

/** S3's x-amz-id-2 / HostId: an opaque base64 token; ours is derived from the request id. */
function hostId(requestId: string): string {
  return Buffer.from(requestId).toString('base64');
}

function withNamespace(xml: string, name: string): string {
  if (xml.startsWith(`<${name} xmlns`) || xml.startsWith(`<${name}>`) === false) return xml;
  return `<${name} xmlns="${S3_XMLNS}">${xml.slice(name.length + 2)}`;
}

/** Required members of an XML payload missing from the document are a schema violation for S3. */
function checkRequired(model: ServiceModel, shapeName: string, value: unknown): void {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return;
  if (shape.type === 'structure') {
    const v = value as Record<string, unknown>;
    for (const r of shape.required ?? []) {
      if (v[r] === undefined) throw new ServiceError('MalformedXML', MALFORMED_XML_MESSAGE, 400);
    }
    for (const [name, ref] of Object.entries(shape.members ?? {})) checkRequired(model, ref.shape, v[name]);
  } else if (shape.type === 'list' && shape.member && Array.isArray(value)) {
    for (const item of value) checkRequired(model, shape.member.shape, item);
  }
}

/**
 * With aws-chunked, the object's length is x-amz-decoded-content-length and "aws-chunked" is not
 * part of the object's stored Content-Encoding
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html).
 */
function unchunkedHeaders(req: HttpRequest, input: Record<string, unknown>): void {
  const decoded = req.headers['x-amz-decoded-content-length'];
  if (decoded !== undefined) input.ContentLength = Number(decoded);
  const encodings = (req.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  if (encodings.length) input.ContentEncoding = encodings.join(', ');
  else delete input.ContentEncoding;
}
