// Layer ARNs: arn:aws:lambda:<region>:<account>:layer:<name> and ...:<name>:<version>.
// https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html#API_PublishLayerVersion_ResponseSyntax

export const layerArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:lambda:${region}:${accountId}:layer:${name}`;

export const layerVersionArn = (region: string, accountId: string, name: string, version: number): string =>
  `${layerArn(region, accountId, name)}:${version}`;

export interface LayerRef {
  name: string;
  /** Set when the reference was an ARN. */
  region?: string;
  accountId?: string;
  /** Set when the ARN carried a version. */
  version?: number;
}

const ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)(?::(\d+))?$/;

/** A LayerName parameter (a name or a layer ARN) or a layer version ARN; undefined when it is neither. */
export function parseLayerRef(value: string): LayerRef | undefined {
  const m = ARN.exec(value);
  if (m) {
    const ref: LayerRef = { name: m[3]!, region: m[1]!, accountId: m[2]! };
    if (m[4] !== undefined) ref.version = Number(m[4]);
    return ref;
  }
  return /^[a-zA-Z0-9-_]+$/.test(value) ? { name: value } : undefined;
}
