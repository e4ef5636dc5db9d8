// What every integration of a REST API method receives once the request passed authorization.
import type { EventContext, HttpRequest, LogContext } from '../../http-events/index.js';
import type { IntegrationRecord, RestApiRecord } from '../records.js';
import type { Match } from './match.js';

export interface IntegrationInput {
  api: RestApiRecord;
  req: HttpRequest;
  match: Match;
  eventContext: EventContext;
  /** requestContext.identity fields known for this request (AWS_IAM caller, API key). */
  identity: Record<string, unknown>;
  stageName: string;
  log: LogContext;
  integration: IntegrationRecord;
  binaryMediaTypes: string[];
}
