// The invocation record Lambda sends to an async invocation's destination
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html):
//   { "version": "1.0", "timestamp": "2019-11-14T18:16:05.568Z",
//     "requestContext": { "requestId", "functionArn": "…:function:my-function:$LATEST",
//                         "condition": "RetriesExhausted", "approximateInvokeCount": 3 },
//     "requestPayload": {…},
//     "responseContext": { "statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled" },
//     "responsePayload": {…} }
// A success record has no functionError. An event never run (zero reserved concurrency, or aged out
// while throttled) has no responseContext or responsePayload.

export type RecordCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency';

export interface RecordResponse {
  executedVersion: string;
  functionError?: string;
  /** The function's answer, base64. */
  payload: string;
}

export interface InvocationRecordInput {
  requestId: string;
  /** Unqualified function ARN; the record names the version that ran. */
  functionArn: string;
  executedVersion: string;
  condition: RecordCondition;
  approximateInvokeCount: number;
  requestPayload: Buffer;
  response?: RecordResponse;
  timestamp: Date;
}

export function invocationRecord(input: InvocationRecordInput): Record<string, unknown> {
  const record: Record<string, unknown> = {
    version: '1.0',
    timestamp: input.timestamp.toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: `${input.functionArn}:${input.executedVersion}`,
      condition: input.condition,
      approximateInvokeCount: input.approximateInvokeCount,
    },
    requestPayload: parseJson(input.requestPayload),
  };
  if (input.response) {
    const responseContext: Record<string, unknown> = {
      statusCode: 200,
      executedVersion: input.response.executedVersion,
    };
    if (input.response.functionError) responseContext.functionError = input.response.functionError;
    record.responseContext = responseContext;
    record.responsePayload = parseJson(Buffer.from(input.response.payload, 'base64'));
  }
  return record;
}

/** Payloads are JSON documents; anything else is carried as its text, and nothing as null. */
function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return null;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
