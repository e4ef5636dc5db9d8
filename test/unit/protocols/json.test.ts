// json 1.0 / 1.1 through the real DynamoDB, Kinesis and CloudWatch Logs clients.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
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

const dynamodb = loadModel('dynamodb');
const kinesis = loadModel('kinesis');
const logs = loadModel('logs');

function ddb(handler: FakeHandler, exchange: Exchange = {}) {
  return new DynamoDBClient({
    ...clientConfig,
    requestHandler: codecRequestHandler(dynamodb, handler, exchange),
  });
}

function target(op: string, body: string) {
  return httpRequest({
    method: 'POST',
    path: '/',
    headers: { 'x-amz-target': `DynamoDB_20120810.${op}`, 'content-type': 'application/x-amz-json-1.0' },
    body: Buffer.from(body),
  });
}

describe('json 1.0: DynamoDB', () => {
  it('parses nested attribute values and the client reads epoch-second timestamps', async () => {
    const exchange: Exchange = {};
    const created = new Date('2024-05-01T10:00:00.500Z');
    const client = ddb(
      async () => ({ Table: { TableName: 't', CreationDateTime: created, ItemCount: 3 } }),
      exchange,
    );
    const out = await client.send(new DescribeTableCommand({ TableName: 'table1' }));
    assert.equal(exchange.operation, 'DescribeTable');
    assert.equal(exchange.response?.headers['content-type'], 'application/x-amz-json-1.0');
    assert.match(bodyText(exchange.response!), /"CreationDateTime":1714557600\.5/);
    assert.equal(out.Table?.CreationDateTime?.getTime(), created.getTime());
    assert.equal(out.Table?.ItemCount, 3);

    await client.send(
      new PutItemCommand({
        TableName: 'table1',
        Item: {
          id: { S: 'a' },
          n: { N: '1' },
          b: { B: Buffer.from([1, 2]) },
          m: { M: { x: { L: [{ BOOL: true }] } } },
        },
      }),
    );
    const item = (exchange.input as any).Item;
    assert.deepEqual(item.b.B, Buffer.from([1, 2]));
    assert.deepEqual(item.m.M.x.L, [{ BOOL: true }]);
  });

  it('words validation errors with list member paths and qualifies __type as DynamoDB does', async () => {
    const client = ddb(async () => ({}));
    await assert.rejects(
      client.send(
        new CreateTableCommand({
          TableName: 'ab',
          KeySchema: [{ AttributeName: 'id', KeyType: 'RANGEX' as any }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      ),
      (e: any) => {
        assert.equal(e.name, 'ValidationException');
        assert.equal(
          e.message,
          "2 validation errors detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
            "Value 'RANGEX' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]",
        );
        return true;
      },
    );
    const res = await runCodec(dynamodb, target('DescribeTable', '{}'), async () => ({}));
    assert.equal(JSON.parse(bodyText(res)).__type, 'com.amazon.coral.validate#ValidationException');
  });

  it('answers unknown targets, malformed JSON and wrong JSON types', async () => {
    const unknown = await runCodec(dynamodb, target('DropEverything', '{}'), async () => ({}));
    assert.equal(unknown.status, 400);
    assert.equal(JSON.parse(bodyText(unknown)).__type, 'com.amazon.coral.service#UnknownOperationException');

    const malformed = await runCodec(dynamodb, target('DescribeTable', '{"TableName":'), async () => ({}));
    assert.equal(malformed.status, 400);
    assert.equal(JSON.parse(bodyText(malformed)).__type, 'com.amazon.coral.service#SerializationException');

    const wrongType = await runCodec(dynamodb, target('DescribeTable', '{"TableName":5}'), async () => ({}));
    assert.deepEqual(JSON.parse(bodyText(wrongType)), {
      __type: 'com.amazon.coral.service#SerializationException',
      message: 'class java.math.BigDecimal can not be converted to an String',
    });
  });

  it('refuses null inside a list, which no list of the served models allows (Smithy: SerializationException)', async () => {
    let called = false;
    const res = await runCodec(
      dynamodb,
      target('CreateTable', '{"TableName":"t","AttributeDefinitions":[null],"KeySchema":[]}'),
      async () => ((called = true), {}),
    );
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(bodyText(res)).__type, 'com.amazon.coral.service#SerializationException');
    assert.equal(called, false);
  });

  it("serializes a handler's modelled error so the client maps it to its class", async () => {
    const client = ddb(async () => {
      throw new ServiceError('ResourceNotFoundException', 'Requested resource not found', 400);
    });
    await assert.rejects(client.send(new DescribeTableCommand({ TableName: 'missing' })), (e: any) => {
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.message, 'Requested resource not found');
      return true;
    });
  });
});

describe('json 1.1: Kinesis and CloudWatch Logs', () => {
  it('round-trips blobs as base64 and timestamps as epoch seconds', async () => {
    const exchange: Exchange = {};
    const arrived = new Date('2024-01-02T03:04:05Z');
    const client = new KinesisClient({
      ...clientConfig,
      requestHandler: codecRequestHandler(
        kinesis,
        async (op) =>
          op === 'PutRecord'
            ? { ShardId: 'shardId-000000000000', SequenceNumber: '1' }
            : {
                Records: [
                  {
                    SequenceNumber: '1',
                    Data: Buffer.from('hello'),
                    PartitionKey: 'p',
                    ApproximateArrivalTimestamp: arrived,
                  },
                ],
                MillisBehindLatest: 0,
              },
        exchange,
      ),
    });
    await client.send(
      new PutRecordCommand({ StreamName: 's', Data: Buffer.from('hello'), PartitionKey: 'p' }),
    );
    assert.equal(exchange.response?.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual((exchange.input as any).Data, Buffer.from('hello'));
    const out = await client.send(new GetRecordsCommand({ ShardIterator: 'it' }));
    assert.equal(Buffer.from(out.Records![0]!.Data!).toString(), 'hello');
    assert.equal(out.Records![0]!.ApproximateArrivalTimestamp?.getTime(), arrived.getTime());
  });

  it('CloudWatch Logs reports constraint violations as InvalidParameterException', async () => {
    const client = new CloudWatchLogsClient({
      ...clientConfig,
      requestHandler: codecRequestHandler(logs, async () => ({})),
    });
    await assert.rejects(client.send(new CreateLogGroupCommand({ logGroupName: '' })), (e: any) => {
      assert.equal(e.name, 'InvalidParameterException');
      assert.equal(
        e.message,
        "2 validation errors detected: Value '' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; " +
          "Value '' at 'logGroupName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      return true;
    });
  });
});
