// The two models every new REST API comes with, as AWS creates them (their schemas and descriptions as
// GetModels answers on AWS, e.g. in exports of existing APIs; the Error schema is also quoted in
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-documenting-api-content-representation.html).
import { modelId } from './ids.js';
import type { ModelRecord } from './records.js';

const EMPTY_SCHEMA = `{
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title" : "Empty Schema",
  "type" : "object"
}`;

const ERROR_SCHEMA = `{
  "$schema" : "http://json-schema.org/draft-04/schema#",
  "title" : "Error Schema",
  "type" : "object",
  "properties" : {
    "message" : { "type" : "string" }
  }
}`;

export function defaultModels(): Record<string, ModelRecord> {
  return {
    Empty: {
      id: modelId(),
      name: 'Empty',
      description: 'This is a default empty schema model',
      schema: EMPTY_SCHEMA,
      contentType: 'application/json',
    },
    Error: {
      id: modelId(),
      name: 'Error',
      description: 'This is a default error schema model',
      schema: ERROR_SCHEMA,
      contentType: 'application/json',
    },
  };
}
