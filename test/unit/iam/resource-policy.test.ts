// The resource-policy evaluator: principals, actions, resources, condition operators and the
// deny-wins rule, on the policy documents Lambda's AddPermission writes (shapes as recorded
// against AWS in LocalStack's test_lambda_api snapshots) and on hand-written ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateResourcePolicy, isInvokeAllowed } from '../../../src/iam/resource-policy.js';
import { arnMatch, conditionsHold, wildcardMatch } from '../../../src/iam/resource-policy-match.js';

const FN = 'arn:aws:lambda:us-east-1:111111111111:function:thumbs';
const BUCKET = 'arn:aws:s3:::photos';

function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

const s3Statement = {
  Sid: 's3',
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: 'lambda:InvokeFunction',
  Resource: FN,
  Condition: {
    StringEquals: { 'AWS:SourceAccount': '111111111111' },
    ArnLike: { 'AWS:SourceArn': BUCKET },
  },
};

const s3 = { service: 's3.amazonaws.com' };

describe('wildcardMatch', () => {
  it('matches whole strings with * and ?', () => {
    assert.equal(wildcardMatch('abc', 'abc'), true);
    assert.equal(wildcardMatch('abc', 'abcd'), false);
    assert.equal(wildcardMatch('a*', 'abcd'), true);
    assert.equal(wildcardMatch('*d', 'abcd'), true);
    assert.equal(wildcardMatch('a*c*e', 'abcde'), true);
    assert.equal(wildcardMatch('a*c*e', 'abcdf'), false);
    assert.equal(wildcardMatch('a?c', 'abc'), true);
    assert.equal(wildcardMatch('a?c', 'ac'), false);
    assert.equal(wildcardMatch('*', ''), true);
    assert.equal(wildcardMatch('', ''), true);
    assert.equal(wildcardMatch('**x', 'aax'), true);
  });

  it('is case-sensitive unless asked', () => {
    assert.equal(wildcardMatch('Lambda:Invoke*', 'lambda:InvokeFunction'), false);
    assert.equal(wildcardMatch('Lambda:Invoke*', 'lambda:InvokeFunction', true), true);
  });
});

describe('arnMatch', () => {
  it('matches the six components separately', () => {
    assert.equal(arnMatch('arn:aws:s3:::photos', 'arn:aws:s3:::photos'), true);
    assert.equal(arnMatch('arn:aws:s3:::photo*', 'arn:aws:s3:::photos'), true);
    assert.equal(arnMatch('arn:aws:s3:::photos', 'arn:aws:s3:::photos2'), false);
    assert.equal(arnMatch('arn:aws:*:*:*:*', 'arn:aws:s3:::photos'), true);
    assert.equal(arnMatch('*', 'arn:aws:s3:::anything'), true);
  });

  it('keeps colons in the resource part', () => {
    assert.equal(arnMatch(`${FN}:*`, `${FN}:prod`), true);
    assert.equal(arnMatch(FN, `${FN}:prod`), false);
    assert.equal(arnMatch('arn:aws:lambda:*:111111111111:function:*', `${FN}:1`), true);
  });

  it('a wildcard does not cross a component boundary', () => {
    // '*' in the service component cannot swallow the region's colon.
    assert.equal(arnMatch('arn:aws:s3*:photos', 'arn:aws:s3:::photos'), false);
    assert.equal(arnMatch('arn:aws:s3:::photos', 'not-an-arn'), false);
  });
});

describe('conditionsHold', () => {
  it('ANDs operators and keys, ORs values', () => {
    const cond = { StringEquals: { 'aws:SourceAccount': ['1', '2'] }, ArnLike: { 'aws:SourceArn': BUCKET } };
    assert.equal(conditionsHold(cond, { 'aws:SourceAccount': '2', 'aws:SourceArn': BUCKET }), true);
    assert.equal(conditionsHold(cond, { 'aws:SourceAccount': '3', 'aws:SourceArn': BUCKET }), false);
    assert.equal(conditionsHold(cond, { 'aws:SourceAccount': '1' }), false);
  });

  it('looks keys up case-insensitively', () => {
    assert.equal(
      conditionsHold({ StringEquals: { 'AWS:SourceAccount': '1' } }, { 'aws:sourceaccount': '1' }),
      true,
    );
  });

  it('a missing key fails positive operators and satisfies negated ones', () => {
    assert.equal(conditionsHold({ StringEquals: { 'aws:SourceAccount': '1' } }, {}), false);
    assert.equal(conditionsHold({ StringNotEquals: { 'aws:SourceAccount': '1' } }, {}), true);
    assert.equal(conditionsHold({ ArnNotLike: { 'aws:SourceArn': BUCKET } }, {}), true);
  });

  it('...IfExists holds when the key is absent and checks it when present', () => {
    const cond = { StringEqualsIfExists: { 'aws:SourceAccount': '1' } };
    assert.equal(conditionsHold(cond, {}), true);
    assert.equal(conditionsHold(cond, { 'aws:SourceAccount': '1' }), true);
    assert.equal(conditionsHold(cond, { 'aws:SourceAccount': '2' }), false);
  });

  it('Null tests presence', () => {
    assert.equal(conditionsHold({ Null: { 'aws:SourceArn': 'true' } }, {}), true);
    assert.equal(conditionsHold({ Null: { 'aws:SourceArn': 'true' } }, { 'aws:SourceArn': BUCKET }), false);
    assert.equal(conditionsHold({ Null: { 'aws:SourceArn': 'false' } }, { 'aws:SourceArn': BUCKET }), true);
  });

  it('negated operators hold only when no value matches', () => {
    const cond = { StringNotLike: { 'aws:SourceArn': ['arn:aws:s3:::a*', 'arn:aws:s3:::b*'] } };
    assert.equal(conditionsHold(cond, { 'aws:SourceArn': 'arn:aws:s3:::cat' }), true);
    assert.equal(conditionsHold(cond, { 'aws:SourceArn': 'arn:aws:s3:::bat' }), false);
  });

  it('string, ignore-case, like, bool, numeric and date operators', () => {
    assert.equal(conditionsHold({ StringEqualsIgnoreCase: { k: 'ABC' } }, { k: 'abc' }), true);
    assert.equal(conditionsHold({ StringNotEqualsIgnoreCase: { k: 'ABC' } }, { k: 'abc' }), false);
    assert.equal(conditionsHold({ StringLike: { k: 'a*c' } }, { k: 'abbc' }), true);
    assert.equal(conditionsHold({ StringEquals: { k: 'a*c' } }, { k: 'abbc' }), false);
    assert.equal(conditionsHold({ Bool: { k: 'true' } }, { k: 'true' }), true);
    assert.equal(conditionsHold({ NumericLessThan: { k: '10' } }, { k: '9' }), true);
    assert.equal(conditionsHold({ NumericLessThan: { k: '10' } }, { k: '10' }), false);
    assert.equal(conditionsHold({ NumericGreaterThanEquals: { k: '10' } }, { k: '10' }), true);
    assert.equal(conditionsHold({ NumericEquals: { k: '10' } }, { k: 'x' }), false);
    assert.equal(
      conditionsHold({ DateLessThan: { k: '2030-01-01T00:00:00Z' } }, { k: '2029-12-31T23:59:59Z' }),
      true,
    );
    assert.equal(
      conditionsHold({ DateGreaterThan: { k: '2030-01-01T00:00:00Z' } }, { k: '1893456000' }),
      false,
    );
  });

  it('set qualifiers over multivalued keys', () => {
    assert.equal(conditionsHold({ 'ForAnyValue:StringEquals': { k: ['a', 'b'] } }, { k: ['x', 'b'] }), true);
    assert.equal(
      conditionsHold({ 'ForAllValues:StringEquals': { k: ['a', 'b'] } }, { k: ['a', 'x'] }),
      false,
    );
    assert.equal(conditionsHold({ 'ForAllValues:StringEquals': { k: ['a', 'b'] } }, { k: ['a', 'b'] }), true);
    assert.equal(conditionsHold({ 'ForAllValues:StringEquals': { k: 'a' } }, {}), true);
  });

  it('an unknown operator never holds', () => {
    assert.equal(conditionsHold({ StringSortOf: { k: 'a' } }, { k: 'a' }), false);
  });
});

describe('evaluateResourcePolicy', () => {
  it('allows what a statement grants and implicitly denies the rest', () => {
    const p = policy(s3Statement);
    const ctx = { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': '111111111111' };
    assert.equal(
      evaluateResourcePolicy(p, {
        principal: s3,
        action: 'lambda:InvokeFunction',
        resource: FN,
        context: ctx,
      }),
      'Allow',
    );
    assert.equal(
      evaluateResourcePolicy(p, { principal: s3, action: 'lambda:GetFunction', resource: FN, context: ctx }),
      'ImplicitDeny',
    );
    assert.equal(
      evaluateResourcePolicy(p, {
        principal: { service: 'sns.amazonaws.com' },
        action: 'lambda:InvokeFunction',
        resource: FN,
        context: ctx,
      }),
      'ImplicitDeny',
    );
    assert.equal(
      evaluateResourcePolicy(p, {
        principal: s3,
        action: 'lambda:InvokeFunction',
        resource: `${FN}:prod`,
        context: ctx,
      }),
      'ImplicitDeny',
    );
  });

  it('an explicit Deny wins over any Allow', () => {
    const p = policy(s3Statement, {
      Sid: 'no-other-bucket',
      Effect: 'Deny',
      Principal: '*',
      Action: 'lambda:*',
      Resource: '*',
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::photos' } },
    });
    const ctx = { 'aws:SourceArn': BUCKET, 'aws:SourceAccount': '111111111111' };
    assert.equal(
      evaluateResourcePolicy(p, {
        principal: s3,
        action: 'lambda:InvokeFunction',
        resource: FN,
        context: ctx,
      }),
      'Deny',
    );
  });

  it('matches actions case-insensitively with wildcards, lists and NotAction', () => {
    const p = policy({ Effect: 'Allow', Principal: '*', Action: ['LAMBDA:invoke*'], Resource: FN });
    const r = { principal: s3, resource: FN };
    assert.equal(evaluateResourcePolicy(p, { ...r, action: 'lambda:InvokeFunction' }), 'Allow');
    assert.equal(evaluateResourcePolicy(p, { ...r, action: 'lambda:InvokeFunctionUrl' }), 'Allow');
    const notAction = policy({
      Effect: 'Allow',
      Principal: '*',
      NotAction: 'lambda:InvokeFunctionUrl',
      Resource: '*',
    });
    assert.equal(evaluateResourcePolicy(notAction, { ...r, action: 'lambda:InvokeFunction' }), 'Allow');
    assert.equal(
      evaluateResourcePolicy(notAction, { ...r, action: 'lambda:InvokeFunctionUrl' }),
      'ImplicitDeny',
    );
  });

  it('principal forms: *, AWS *, account id, account root, user ARN, role ARN for its sessions, service', () => {
    const allow = (principal: unknown) =>
      policy({ Effect: 'Allow', Principal: principal, Action: 'lambda:InvokeFunction', Resource: FN });
    const req = (principal: object) => ({ principal, action: 'lambda:InvokeFunction', resource: FN });
    const user = { accountId: '222222222222', arn: 'arn:aws:iam::222222222222:user/alice' };
    const session = { accountId: '222222222222', arn: 'arn:aws:sts::222222222222:assumed-role/reader/s1' };
    assert.equal(evaluateResourcePolicy(allow('*'), req(user)), 'Allow');
    assert.equal(evaluateResourcePolicy(allow('*'), req(s3)), 'Allow');
    assert.equal(evaluateResourcePolicy(allow({ AWS: '*' }), req(user)), 'Allow');
    assert.equal(evaluateResourcePolicy(allow({ AWS: '222222222222' }), req(user)), 'Allow');
    assert.equal(
      evaluateResourcePolicy(allow({ AWS: 'arn:aws:iam::222222222222:root' }), req(user)),
      'Allow',
    );
    assert.equal(
      evaluateResourcePolicy(allow({ AWS: 'arn:aws:iam::333333333333:root' }), req(user)),
      'ImplicitDeny',
    );
    assert.equal(evaluateResourcePolicy(allow({ AWS: ['x', user.arn] }), req(user)), 'Allow');
    assert.equal(
      evaluateResourcePolicy(allow({ AWS: 'arn:aws:iam::222222222222:user/bob' }), req(user)),
      'ImplicitDeny',
    );
    assert.equal(
      evaluateResourcePolicy(allow({ AWS: 'arn:aws:iam::222222222222:role/reader' }), req(session)),
      'Allow',
    );
    assert.equal(
      evaluateResourcePolicy(allow({ AWS: 'arn:aws:iam::222222222222:role/writer' }), req(session)),
      'ImplicitDeny',
    );
    assert.equal(evaluateResourcePolicy(allow({ Service: 's3.amazonaws.com' }), req(user)), 'ImplicitDeny');
    assert.equal(evaluateResourcePolicy(allow({ AWS: '222222222222' }), req(s3)), 'ImplicitDeny');
  });

  it('NotPrincipal and NotResource', () => {
    const p = policy(
      {
        Effect: 'Deny',
        NotPrincipal: { Service: 's3.amazonaws.com' },
        Action: '*',
        NotResource: `${FN}:public`,
      },
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    );
    const user = { accountId: '222222222222' };
    assert.equal(
      evaluateResourcePolicy(p, { principal: user, action: 'lambda:InvokeFunction', resource: FN }),
      'Deny',
    );
    assert.equal(
      evaluateResourcePolicy(p, {
        principal: user,
        action: 'lambda:InvokeFunction',
        resource: `${FN}:public`,
      }),
      'Allow',
    );
    assert.equal(
      evaluateResourcePolicy(p, { principal: s3, action: 'lambda:InvokeFunction', resource: FN }),
      'Allow',
    );
  });

  it('a missing, empty or unreadable policy allows nothing', () => {
    const r = { principal: s3, action: 'lambda:InvokeFunction', resource: FN };
    assert.equal(evaluateResourcePolicy(undefined, r), 'ImplicitDeny');
    assert.equal(evaluateResourcePolicy('{not json', r), 'ImplicitDeny');
    assert.equal(evaluateResourcePolicy(policy(), r), 'ImplicitDeny');
    assert.equal(
      evaluateResourcePolicy(
        { Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } },
        r,
      ),
      'Allow',
    );
  });
});

describe('isInvokeAllowed', () => {
  const check = {
    principal: s3,
    action: 'lambda:InvokeFunction' as const,
    resource: FN,
    sourceArn: BUCKET,
    sourceAccount: '111111111111',
  };

  it('allows S3 for the bucket and account the permission names', () => {
    assert.equal(isInvokeAllowed(policy(s3Statement), check), true);
  });

  it('refuses another bucket, another account, no source, or no policy', () => {
    assert.equal(isInvokeAllowed(policy(s3Statement), { ...check, sourceArn: 'arn:aws:s3:::other' }), false);
    assert.equal(isInvokeAllowed(policy(s3Statement), { ...check, sourceAccount: '999999999999' }), false);
    const { sourceArn: _a, ...noSource } = check;
    assert.equal(isInvokeAllowed(policy(s3Statement), noSource), false);
    assert.equal(isInvokeAllowed(undefined, check), false);
  });

  it('a statement without conditions allows any source', () => {
    const open = { ...s3Statement, Condition: undefined };
    assert.equal(isInvokeAllowed(policy(open), { ...check, sourceArn: 'arn:aws:s3:::other' }), true);
  });

  it('checks lambda:FunctionUrlAuthType for function URLs', () => {
    const url = policy({
      Sid: 'FunctionURLAllowPublicAccess',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunctionUrl',
      Resource: FN,
      Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
    });
    const anyone = { principal: {}, action: 'lambda:InvokeFunctionUrl' as const, resource: FN };
    assert.equal(isInvokeAllowed(url, { ...anyone, functionUrlAuthType: 'NONE' }), true);
    assert.equal(isInvokeAllowed(url, { ...anyone, functionUrlAuthType: 'AWS_IAM' }), false);
    assert.equal(
      isInvokeAllowed(url, { ...anyone, action: 'lambda:InvokeFunction', functionUrlAuthType: 'NONE' }),
      false,
    );
  });

  it('checks lambda:EventSourceToken and aws:PrincipalOrgID', () => {
    const alexa = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunction',
      Resource: FN,
      Condition: { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.1' } },
    });
    const anyone = {
      principal: { service: 'alexa-appkit.amazon.com' },
      action: 'lambda:InvokeFunction' as const,
      resource: FN,
    };
    assert.equal(isInvokeAllowed(alexa, { ...anyone, eventSourceToken: 'amzn1.ask.skill.1' }), true);
    assert.equal(isInvokeAllowed(alexa, anyone), false);
    const org = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunction',
      Resource: FN,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1234567890' } },
    });
    assert.equal(isInvokeAllowed(org, { ...anyone, principalOrgId: 'o-1234567890' }), true);
    assert.equal(isInvokeAllowed(org, anyone), false);
  });
});
