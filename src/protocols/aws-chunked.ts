// Whether a body is `Content-Encoding: aws-chunked` (the SDKs' framing for streamed uploads). The
// framing itself is verified and removed by the SigV4 layer (src/auth/aws-chunked.ts) before the
// codec sees the body; the codec only corrects the headers that describe the object.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html

export function isAwsChunked(headers: Record<string, string>): boolean {
  return (headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
}
