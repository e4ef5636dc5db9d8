// Access control lists as S3 takes them: a canned ACL (x-amz-acl), grant headers
// (x-amz-grant-read: id="…", uri="…"), or an AccessControlPolicy document; and as it answers them.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html
import { ServiceError } from '../../../server/service-error.js';
import { invalidArgument, invalidRequest } from '../errors.js';
import { owner } from '../owner.js';
import type { Grant } from '../storage/records.js';

const GROUPS = 'http://acs.amazonaws.com/groups/';
export const ALL_USERS = `${GROUPS}global/AllUsers`;
export const AUTHENTICATED_USERS = `${GROUPS}global/AuthenticatedUsers`;
export const LOG_DELIVERY = `${GROUPS}s3/LogDelivery`;
const KNOWN_GROUPS = [ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY];

const PERMISSIONS: ReadonlyArray<Grant['Permission']> = [
  'FULL_CONTROL',
  'WRITE',
  'WRITE_ACP',
  'READ',
  'READ_ACP',
];
const GRANTEE_TYPES: ReadonlyArray<Grant['Grantee']['Type']> = [
  'CanonicalUser',
  'Group',
  'AmazonCustomerByEmail',
];

/** The grant headers of the model's Put*Acl / PutObject / CreateBucket inputs. */
const GRANT_HEADERS: Array<[member: string, header: string, permission: Grant['Permission']]> = [
  ['GrantFullControl', 'x-amz-grant-full-control', 'FULL_CONTROL'],
  ['GrantRead', 'x-amz-grant-read', 'READ'],
  ['GrantReadACP', 'x-amz-grant-read-acp', 'READ_ACP'],
  ['GrantWrite', 'x-amz-grant-write', 'WRITE'],
  ['GrantWriteACP', 'x-amz-grant-write-acp', 'WRITE_ACP'],
];

const MALFORMED_ACL = (): ServiceError =>
  new ServiceError(
    'MalformedACLError',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );

const ownerGrant = (id: string, permission: Grant['Permission'] = 'FULL_CONTROL'): Grant => ({
  Grantee: { Type: 'CanonicalUser', ...owner(id) },
  Permission: permission,
});
const groupGrant = (uri: string, permission: Grant['Permission']): Grant => ({
  Grantee: { Type: 'Group', URI: uri },
  Permission: permission,
});

/**
 * The grants of a canned ACL (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl).
 * The object and bucket owner are the same account here, so bucket-owner-read/-full-control come
 * down to the owner's FULL_CONTROL; so does aws-exec-read, whose EC2 grantee Cumulo has no id for.
 */
export function cannedGrants(acl: string, accountId: string): Grant[] {
  const own = ownerGrant(accountId);
  switch (acl) {
    case 'private':
    case 'bucket-owner-read':
    case 'bucket-owner-full-control':
    case 'aws-exec-read':
      return [own];
    case 'public-read':
      return [own, groupGrant(ALL_USERS, 'READ')];
    case 'public-read-write':
      return [own, groupGrant(ALL_USERS, 'READ'), groupGrant(ALL_USERS, 'WRITE')];
    case 'authenticated-read':
      return [own, groupGrant(AUTHENTICATED_USERS, 'READ')];
    case 'log-delivery-write':
      return [own, groupGrant(LOG_DELIVERY, 'WRITE'), groupGrant(LOG_DELIVERY, 'READ_ACP')];
    default:
      throw invalidArgument('', 'x-amz-acl', acl);
  }
}

/** `id="…", uri="…", emailAddress="…"` of one grant header. */
function headerGrants(value: string, header: string, permission: Grant['Permission']): Grant[] {
  return value.split(',').map((part) => {
    const item = part.trim();
    const m = /^(id|uri|emailAddress)=\s*"?([^"]*)"?$/.exec(item);
    if (!m) throw invalidArgument('Argument format not recognized', header, item);
    const [, kind, id] = m as unknown as [string, string, string];
    if (kind === 'uri') {
      if (!KNOWN_GROUPS.includes(id)) throw invalidArgument('Invalid group uri', 'uri', id);
      return groupGrant(id, permission);
    }
    if (kind === 'emailAddress')
      return { Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: id }, Permission: permission };
    if (!isCanonicalId(id)) throw invalidArgument('Invalid id', 'id', id);
    return { Grantee: { Type: 'CanonicalUser', ID: id }, Permission: permission };
  });
}

const isCanonicalId = (id: string): boolean => /^[0-9a-f]{64}$/.test(id);

/** The grants of an AccessControlPolicy body, checked as S3 checks them. */
function policyGrants(policy: Record<string, any>): Grant[] {
  if (!policy.Owner || policy.Grants === undefined) throw MALFORMED_ACL();
  const ownerId = String(policy.Owner.ID ?? '');
  if (!isCanonicalId(ownerId)) throw invalidArgument('Invalid id', 'CanonicalUser/ID', ownerId);
  return (policy.Grants as Array<Record<string, any>>).map((g): Grant => {
    const grantee = g.Grantee ?? {};
    if (!PERMISSIONS.includes(g.Permission) || !GRANTEE_TYPES.includes(grantee.Type)) throw MALFORMED_ACL();
    if (grantee.Type === 'Group' && !KNOWN_GROUPS.includes(grantee.URI))
      throw invalidArgument('Invalid group uri', 'Group/URI', String(grantee.URI ?? ''));
    if (grantee.Type === 'CanonicalUser' && !isCanonicalId(String(grantee.ID ?? '')))
      throw invalidArgument('Invalid id', 'CanonicalUser/ID', String(grantee.ID ?? ''));
    const { Type, ID, URI, EmailAddress } = grantee;
    return { Grantee: { Type, ID, URI, EmailAddress }, Permission: g.Permission };
  });
}

/**
 * The ACL a request sets, from whichever of the three forms it uses; undefined when it names none
 * (PutObject and CreateBucket without an ACL keep the default).
 */
export function requestedGrants(input: Record<string, any>, accountId: string): Grant[] | undefined {
  const fromHeaders = GRANT_HEADERS.filter(([member]) => input[member] !== undefined);
  if (input.ACL !== undefined && fromHeaders.length > 0)
    throw invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
  if (input.ACL !== undefined) return cannedGrants(String(input.ACL), accountId);
  if (fromHeaders.length > 0)
    return fromHeaders.flatMap(([member, header, permission]) =>
      headerGrants(String(input[member]), header, permission),
    );
  if (input.AccessControlPolicy !== undefined) return policyGrants(input.AccessControlPolicy);
  return undefined;
}

/** Whether an ACL gives the owner FULL_CONTROL and nobody anything: all that ACLs disabled accept. */
export function ownerOnly(grants: Grant[], accountId: string): boolean {
  const id = owner(accountId).ID;
  return grants.every(
    (g) => g.Permission === 'FULL_CONTROL' && g.Grantee.Type === 'CanonicalUser' && g.Grantee.ID === id,
  );
}

/** GetBucketAcl / GetObjectAcl: the owner and the grants, the owner's FULL_CONTROL by default. */
export function aclOutput(grants: Grant[] | undefined, accountId: string): Record<string, unknown> {
  const ownerRecord = owner(accountId);
  const list = (grants ?? [ownerGrant(accountId)]).map((g) =>
    g.Grantee.Type === 'CanonicalUser' && g.Grantee.ID === ownerRecord.ID
      ? { ...g, Grantee: { ...g.Grantee, DisplayName: ownerRecord.DisplayName } }
      : g,
  );
  return { Owner: ownerRecord, Grants: list };
}
