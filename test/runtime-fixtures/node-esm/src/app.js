// An ES module handler in a nested path (handler "src/app.handler") under "type": "module".
import { LambdaClient } from '@aws-sdk/client-lambda';

export const handler = async (event, context) => ({
  module: 'esm',
  sdk: typeof LambdaClient,
  requestId: context.awsRequestId,
  event,
});
