/* global exports */
exports.handler = async (event, context) => ({ ric: true, event, requestId: context.awsRequestId });
