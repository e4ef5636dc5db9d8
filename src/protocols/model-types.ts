// Types for AWS's published JSON service models (botocore service-2.json, aws-sdk v2 apis/*.min.json).
// Only what the codecs and validation read is typed; the rest passes through.

export type Protocol = 'json' | 'rest-json' | 'rest-xml' | 'query' | 'ec2';

export interface ServiceModel {
  version?: string;
  metadata: {
    apiVersion: string;
    endpointPrefix: string;
    jsonVersion?: string;
    protocol: Protocol;
    serviceId?: string;
    signingName?: string;
    targetPrefix?: string;
    xmlNamespace?: string;
    uid?: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export interface OperationModel {
  name: string;
  http?: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
}

export interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  xmlAttribute?: boolean;
  flattened?: boolean;
  queryName?: string;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  timestampFormat?: string;
  streaming?: boolean;
  eventpayload?: boolean;
  [k: string]: unknown;
}

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob'
  | 'byte'
  | 'short'
  | 'bigdecimal'
  | 'biginteger';

export interface Shape {
  type: ShapeType;
  members?: Record<string, ShapeRef>;
  required?: string[];
  payload?: string;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
  streaming?: boolean;
  requiresLength?: boolean;
  flattened?: boolean;
  timestampFormat?: string;
  locationName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  event?: boolean;
  eventstream?: boolean;
  union?: boolean;
  /** A list or map whose members may be null (botocore "sparse"). */
  sparse?: boolean;
  jsonvalue?: boolean;
  [k: string]: unknown;
}
