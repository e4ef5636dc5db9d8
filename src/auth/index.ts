// Request authentication (SigV4). The server calls parseAuth to route, then verifyRequest before anything
// runs; streaming operations read their body through verifiedBody.
export { parseAuth, ALGORITHM, PRESIGN_PARAMS } from './parse-auth.js';
export type { ParsedAuth, AuthProblem } from './parse-auth.js';
export { verifyRequest } from './verify-request.js';
export type {
  Credentials,
  LookupSecret,
  VerifyOptions,
  VerifiedRequest,
  PayloadMode,
} from './verify-request.js';
export { decodeAwsChunked, AwsChunkedDecoder } from './aws-chunked.js';
export type { AwsChunkedContext, ChunkMode } from './aws-chunked.js';
export { verifiedBody, Sha256Verifier } from './verified-body.js';
export { missingAuthentication } from './auth-errors.js';
export { verifyPostSignature, postSignatureMismatch } from './post-signature.js';
export { parseSigV2Query, verifySigV2Query, verifySigV2Post } from './sigv2.js';
export type { SigV2Query } from './sigv2.js';
export type { PostAuthFields, VerifiedPost } from './post-signature.js';
export type { AuthErrorStyle } from './auth-errors.js';
