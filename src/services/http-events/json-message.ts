// API Gateway's own error answers: a JSON body {"message": "..."} with the status.
import type { HttpResponse } from './types.js';

export function jsonMessage(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ message }),
  };
}
