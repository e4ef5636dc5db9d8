// The SigV4 POST signature, against the worked example of AWS's "Example: Browser-Based Upload
// using HTTP POST (Using AWS Signature Version 4)"
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html): its policy, signature
// and form pass, and any change to them is refused as S3 refuses it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyPostSignature } from '../../../src/auth/index.js';
import { checkPolicy, parsePolicy } from '../../../src/services/s3/post/post-policy.js';

const POLICY =
  'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';
const SIGNATURE = '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e';
const CREDENTIAL = 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = Date.parse('2015-12-29T00:00:00Z');

const lookup = async (id: string) =>
  id === 'AKIAIOSFODNN7EXAMPLE' ? { secretAccessKey: SECRET } : undefined;
const fields = {
  policy: POLICY,
  algorithm: 'AWS4-HMAC-SHA256',
  credential: CREDENTIAL,
  date: '20151229T000000Z',
  signature: SIGNATURE,
};

describe('verifyPostSignature', () => {
  it("accepts AWS's example and names the signer", async () => {
    assert.deepEqual(await verifyPostSignature(fields, lookup, NOW), {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      region: 'us-east-1',
      service: 's3',
    });
  });

  it('refuses a changed policy or signature with SignatureDoesNotMatch over the policy', async () => {
    await assert.rejects(
      verifyPostSignature({ ...fields, policy: POLICY.slice(0, -4) + 'fQ==' }, lookup, NOW),
      (e: any) => {
        assert.equal(e.code, 'SignatureDoesNotMatch');
        assert.equal(e.status, 403);
        assert.equal(e.fields.StringToSign, POLICY.slice(0, -4) + 'fQ==');
        assert.equal(e.fields.AWSAccessKeyId, 'AKIAIOSFODNN7EXAMPLE');
        return true;
      },
    );
    await assert.rejects(
      verifyPostSignature({ ...fields, signature: SIGNATURE.replace('8', '9') }, lookup, NOW),
      {
        code: 'SignatureDoesNotMatch',
      },
    );
  });

  it('refuses unknown keys, malformed credentials and tokens that do not belong', async () => {
    await assert.rejects(
      verifyPostSignature(
        { ...fields, credential: CREDENTIAL.replace('AKIAIOSFODNN7EXAMPLE', 'AKIAOTHER') },
        lookup,
        NOW,
      ),
      { code: 'InvalidAccessKeyId' },
    );
    await assert.rejects(
      verifyPostSignature({ ...fields, credential: 'AKIAIOSFODNN7EXAMPLE/20151229' }, lookup, NOW),
      {
        code: 'InvalidArgument',
      },
    );
    await assert.rejects(verifyPostSignature({ ...fields, securityToken: 'stray' }, lookup, NOW), {
      code: 'InvalidToken',
    });
  });
});

describe("AWS's example form against its policy", () => {
  const form = new Map(
    Object.entries({
      bucket: 'sigv4examplebucket',
      key: 'user/user1/hello.txt',
      acl: 'public-read',
      success_action_redirect: 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html',
      'content-type': 'image/jpeg',
      'x-amz-meta-uuid': '14365123651274',
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-credential': CREDENTIAL,
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-date': '20151229T000000Z',
      'x-amz-meta-tag': '',
      policy: POLICY,
      'x-amz-signature': SIGNATURE,
    }),
  );

  it('passes until the policy expires', () => {
    const policy = parsePolicy(POLICY);
    checkPolicy(policy, form, NOW);
    assert.throws(() => checkPolicy(policy, form, Date.parse('2015-12-30T12:00:01Z')), {
      message: 'Invalid according to Policy: Policy expired.',
    });
    assert.throws(() => checkPolicy(policy, new Map([...form, ['x-amz-meta-uuid', '1']]), NOW), {
      message: 'Invalid according to Policy: Policy Condition failed: {"x-amz-meta-uuid":"14365123651274"}',
    });
  });
});
