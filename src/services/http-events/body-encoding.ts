// Whether a request body reaches the function as text or base64.
//
// HTTP APIs and function URLs decide by the request's Content-Type: text types pass as they are,
// anything else (images, octet-stream, no Content-Type) is base64-encoded with isBase64Encoded true.
// AWS does not publish the exact list of text types; this one (text/*, JSON, XML, JavaScript and
// their +json/+xml variants) is what their events show (docs/compatibility.md).
//
// REST APIs decide by the API's binaryMediaTypes instead: "API Gateway ... base64-encodes the
// payload if the Content-Type matches one of the binaryMediaTypes" — wildcards like `image/*` and
// `*/*` allowed.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html

const TEXT_APPLICATION = new Set(['json', 'javascript', 'xml', 'x-javascript', 'ecmascript', 'graphql']);

/** The media type of a Content-Type or Accept value, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** HTTP APIs / function URLs: true when the body must be base64-encoded. */
export function isBinaryForHttpApi(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  if (!type) return true;
  const [major, minor = ''] = type.split('/');
  if (major === 'text') return false;
  if (major !== 'application') return true;
  if (TEXT_APPLICATION.has(minor)) return false;
  return !(minor.endsWith('+json') || minor.endsWith('+xml'));
}

/** REST APIs: true when the Content-Type matches one of the API's binaryMediaTypes. */
export function isBinaryForRestApi(contentType: string | undefined, binaryMediaTypes: string[]): boolean {
  const type = mediaType(contentType);
  if (!type) return false;
  const [major] = type.split('/');
  return binaryMediaTypes.some((pattern) => {
    const p = pattern.trim().toLowerCase();
    if (p === '*/*') return true;
    if (p.endsWith('/*')) return p.slice(0, -2) === major;
    return p === type;
  });
}
