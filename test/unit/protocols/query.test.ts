// The query protocol through the real IAM and STS clients: flattened list/map parameters,
// wrapped XML results, ErrorResponse and ValidationError.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRoleCommand, GetRoleCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { loadModel } from '../../../src/protocols/index.js';
import { ServiceError } from '../../../src/server/service-error.js';
import {
  bodyText,
  clientConfig,
  codecRequestHandler,
  httpRequest,
  runCodec,
  type Exchange,
  type FakeHandler,
} from './harness.js';

const iamModel = loadModel('iam');
const stsModel = loadModel('sts');

function iam(handler: FakeHandler, exchange: Exchange = {}) {
  return new IAMClient({ ...clientConfig, requestHandler: codecRequestHandler(iamModel, handler, exchange) });
}

const role = {
  Path: '/',
  RoleName: 'r',
  RoleId: 'AROAEXAMPLE',
  Arn: 'arn:aws:iam::000000000000:role/r',
  CreateDate: new Date('2024-03-04T05:06:07Z'),
  Tags: [{ Key: 'team', Value: 'a' }],
};

describe('query: IAM and STS', () => {
  it('decodes Member.N lists and writes the wrapped result the client reads', async () => {
    const exchange: Exchange = {};
    const client = iam(async () => ({ Role: role }), exchange);
    const out = await client.send(
      new CreateRoleCommand({
        RoleName: 'r',
        AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
        Tags: [
          { Key: 'team', Value: 'a' },
          { Key: 'env', Value: 'dev' },
        ],
        MaxSessionDuration: 3600,
      }),
    );
    const req = exchange.request!.body.toString();
    assert.match(req, /Action=CreateRole/);
    assert.match(req, /Tags\.member\.2\.Key=env/);
    const input = exchange.input as any;
    assert.deepEqual(input.Tags, [
      { Key: 'team', Value: 'a' },
      { Key: 'env', Value: 'dev' },
    ]);
    assert.equal(input.MaxSessionDuration, 3600);
    assert.match(
      bodyText(exchange.response!),
      /^<CreateRoleResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><CreateRoleResult><Role>/,
    );
    assert.match(
      bodyText(exchange.response!),
      /<ResponseMetadata><RequestId>req-1234<\/RequestId><\/ResponseMetadata><\/CreateRoleResponse>$/,
    );
    assert.equal(out.Role?.Arn, role.Arn);
    assert.equal(out.Role?.CreateDate?.toISOString(), '2024-03-04T05:06:07.000Z');
    assert.deepEqual(out.Role?.Tags, [{ Key: 'team', Value: 'a' }]);
  });

  it('writes member lists in outputs', async () => {
    const client = iam(async () => ({
      Users: [
        {
          Path: '/',
          UserName: 'u1',
          UserId: 'AIDA1',
          Arn: 'arn:aws:iam::000000000000:user/u1',
          CreateDate: new Date(0),
        },
        {
          Path: '/',
          UserName: 'u2',
          UserId: 'AIDA2',
          Arn: 'arn:aws:iam::000000000000:user/u2',
          CreateDate: new Date(0),
        },
      ],
      IsTruncated: false,
    }));
    const out = await client.send(new ListUsersCommand({}));
    assert.deepEqual(
      out.Users?.map((u) => u.UserName),
      ['u1', 'u2'],
    );
    assert.equal(out.IsTruncated, false);
  });

  it('serializes ErrorResponse with Type Sender and the IAM code', async () => {
    const client = iam(async () => {
      throw new ServiceError('NoSuchEntity', 'The role with name r cannot be found.', 404);
    });
    await assert.rejects(client.send(new GetRoleCommand({ RoleName: 'r' })), (e: any) => {
      assert.equal(e.name, 'NoSuchEntityException');
      assert.equal(e.message, 'The role with name r cannot be found.');
      assert.equal(e.$metadata.httpStatusCode, 404);
      assert.equal(e.$metadata.requestId, 'req-1234');
      return true;
    });
  });

  it('reports constraint violations as ValidationError', async () => {
    const client = iam(async () => ({ Role: role }));
    await assert.rejects(client.send(new GetRoleCommand({ RoleName: '' })), (e: any) => {
      assert.equal(e.name, 'ValidationError');
      assert.equal(
        e.message,
        "2 validation errors detected: Value '' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
          "Value '' at 'roleName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      return true;
    });
  });

  it('answers an unknown Action with InvalidAction', async () => {
    const res = await runCodec(
      stsModel,
      httpRequest({
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from('Action=StealCredentials&Version=2011-06-15'),
      }),
      async () => ({}),
    );
    assert.equal(res.status, 400);
    assert.match(bodyText(res), /<Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  });

  it('reads STS GetCallerIdentity from the query string and answers it', async () => {
    const client = new STSClient({
      ...clientConfig,
      requestHandler: codecRequestHandler(stsModel, async () => ({
        UserId: 'AIDAEXAMPLE',
        Account: '000000000000',
        Arn: 'arn:aws:iam::000000000000:root',
      })),
    });
    const out = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, '000000000000');
    assert.equal(out.Arn, 'arn:aws:iam::000000000000:root');
  });
});
