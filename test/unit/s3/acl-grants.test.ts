// ACLs in their three request forms and their XML answer (pure logic; e2e in s3-bucket-config).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadModel } from '../../../src/protocols/index.js';
import { readXml, writeXml } from '../../../src/protocols/xml-values.js';
import { parseXml } from '../../../src/protocols/xml.js';
import { ALL_USERS, aclOutput, ownerOnly, requestedGrants } from '../../../src/services/s3/acl/grants.js';
import { owner } from '../../../src/services/s3/owner.js';

const ACCOUNT = '000000000000';
const OWNER_ID = owner(ACCOUNT).ID;

describe('S3 ACL requests', () => {
  it('expands canned ACLs and tells owner-only ACLs apart', () => {
    const publicRead = requestedGrants({ ACL: 'public-read' }, ACCOUNT)!;
    assert.deepEqual(publicRead[1], { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' });
    assert.equal(ownerOnly(publicRead, ACCOUNT), false);
    assert.equal(ownerOnly(requestedGrants({ ACL: 'bucket-owner-full-control' }, ACCOUNT)!, ACCOUNT), true);
    assert.equal(requestedGrants({}, ACCOUNT), undefined);
  });

  it('parses grant headers and refuses what S3 refuses', () => {
    const grants = requestedGrants({ GrantRead: `id="${OWNER_ID}", uri="${ALL_USERS}"` }, ACCOUNT)!;
    assert.deepEqual(
      grants.map((g) => [g.Grantee.Type, g.Permission]),
      [
        ['CanonicalUser', 'READ'],
        ['Group', 'READ'],
      ],
    );
    assert.throws(() => requestedGrants({ GrantRead: 'nobody' }, ACCOUNT), { code: 'InvalidArgument' });
    assert.throws(() => requestedGrants({ ACL: 'private', GrantRead: `id="${OWNER_ID}"` }, ACCOUNT), {
      code: 'InvalidRequest',
      message: 'Specifying both Canned ACLs and Header Grants is not allowed',
    });
    assert.throws(
      () =>
        requestedGrants(
          { AccessControlPolicy: { Owner: { ID: OWNER_ID }, Grants: [{ Permission: 'ALL' }] } },
          ACCOUNT,
        ),
      { code: 'MalformedACLError' },
    );
  });

  it('writes grantees with their xsi:type and reads them back', () => {
    const model = loadModel('s3');
    const ref = { shape: 'AccessControlPolicy' };
    const xml = writeXml(
      model,
      ref,
      aclOutput(requestedGrants({ ACL: 'public-read' }, ACCOUNT), ACCOUNT),
      'AccessControlPolicy',
    );
    assert.match(xml, /<Grantee xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance" xsi:type="Group">/);
    const back = readXml(model, ref, parseXml(xml)) as { Grants: Array<{ Grantee: { Type: string } }> };
    assert.deepEqual(
      back.Grants.map((g) => g.Grantee.Type),
      ['CanonicalUser', 'Group'],
    );
  });
});
