/* global exports, require, process, console, setTimeout, setImmediate, Buffer */
/* eslint-disable @typescript-eslint/no-require-imports */
// CommonJS handlers for the runtime tests.
let invocations = 0;

exports.handler = async (event, context) => {
  invocations++;
  console.log('hello from cjs', JSON.stringify(event));
  return {
    echo: event,
    invocations,
    pid: process.pid,
    context: {
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      awsRequestId: context.awsRequestId,
      logGroupName: context.logGroupName,
      logStreamName: context.logStreamName,
      identity: context.identity,
      clientContext: context.clientContext,
      remaining: context.getRemainingTimeInMillis(),
      callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
    },
  };
};

exports.env = async () => ({ ...process.env });

exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { via: 'callback', event }), 10);
};

exports.callbackWaits = (event, context, callback) => {
  // The result is posted only once this timer has run too (callbackWaitsForEmptyEventLoop).
  setTimeout(() => console.log('timer after callback'), 50);
  callback(null, 'waited');
};

exports.callbackNoWait = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => console.log('late timer'), 2000);
  callback(null, 'no wait');
};

exports.fails = async () => {
  throw new TypeError('something broke');
};

exports.callbackError = (event, context, callback) => callback(new Error('callback failure'));

exports.exit = async () => {
  process.exit(1);
};

exports.sleep = async (event) => {
  await new Promise((r) => setTimeout(r, event.ms));
  return 'slept';
};

exports.hog = async () => {
  const keep = [];
  for (;;) {
    keep.push(Buffer.alloc(8 * 1024 * 1024, 1));
    await new Promise((r) => setImmediate(r));
  }
};

exports.tmp = async (event) => {
  const fs = require('node:fs');
  const os = require('node:os');
  fs.writeFileSync(`${os.tmpdir()}/blob`, Buffer.alloc(event.bytes, 1));
  return os.tmpdir();
};

exports.sdk = async () => {
  const { LambdaClient } = require('@aws-sdk/client-lambda');
  return typeof LambdaClient;
};

exports.multiline = async () => {
  console.error('line one\nline two');
  console.warn('warned');
  return 'ok';
};

exports.notAFunction = 42;

exports.big = async () => 'x'.repeat(7 * 1024 * 1024);

exports.pid = async () => process.pid;

exports.layer = async () => require('greeting')('node');
