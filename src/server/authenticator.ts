// SigV4 in front of every service: find the caller's key, verify the signature in the style of
// errors the target service uses, and name the principal.
import {
  missingAuthentication,
  parseAuth,
  parseSigV2Query,
  verifyRequest,
  verifySigV2Query,
  type AuthErrorStyle,
} from '../auth/index.js';
import { signingSecrets, type Credentials } from '../iam/credentials.js';
import type { Principal } from '../services/service.js';
import type { HttpRequest } from './http-types.js';
import type { Authenticator, ServedService } from './server.js';

function errorStyle(service: ServedService): AuthErrorStyle {
  const protocol = service.definition.model.metadata.protocol;
  if (protocol === 'rest-xml') return 's3';
  if (protocol === 'query') return 'query';
  return 'json';
}

/**
 * The bucket named by the host of a virtual-hosted S3 request (`bucket.s3.localhost`), which SigV2 signs as
 * part of the resource; undefined for path-style requests, whose path already starts with it.
 */
function virtualHostBucket(req: HttpRequest, service: ServedService): string | undefined {
  const bucket = service.codec.resolveOperation(req)?.pathParams?.['Bucket'];
  const host = req.headers['host'] ?? '';
  return bucket !== undefined && host.startsWith(`${bucket}.`) ? bucket : undefined;
}

/** DynamoDB and Kinesis document their authentication errors as 400; Lambda and API Gateway as 403. */
const JSON_400 = new Set(['dynamodb', 'kinesis', 'dynamodbstreams']);

export function createAuthenticator(credentials: Credentials): Authenticator {
  return {
    signedService: (req) => parseAuth(req)?.service || undefined,
    authenticate: async (req: HttpRequest, service: ServedService) => {
      const style = errorStyle(service);
      const jsonStatus = JSON_400.has(service.definition.signingName) ? 400 : 403;
      let principal: Principal | undefined;
      const lookup = signingSecrets(credentials, (p) => (principal = p));
      const parsed = parseAuth(req);
      const sigV2 = !parsed && style === 's3' ? parseSigV2Query(req) : undefined;
      if (sigV2) {
        const verified = await verifySigV2Query(
          req,
          sigV2,
          lookup,
          Date.now(),
          virtualHostBucket(req, service),
        );
        return { principal: principal!, verified };
      }
      if (!parsed) throw missingAuthentication({ style, jsonStatus });
      const verified = await verifyRequest(req, parsed, lookup, { now: Date.now(), style, jsonStatus });
      return { principal: principal!, verified };
    },
  };
}
