// The thread that checks request bodies against models (body-checker.ts): a model's `pattern` is a
// regular expression its API's owner wrote, and one that backtracks catastrophically must cost this
// thread, which the checker can stop, not the server's.
import { parentPort } from 'node:worker_threads';
import { bodyErrors, SchemaCache } from './body-errors.js';
import type { BodyCheckReply, BodyCheckRequest } from './body-checker.js';

const cache = new SchemaCache();
const port = parentPort!;

port.on('message', (m: BodyCheckRequest) => {
  let reply: BodyCheckReply;
  try {
    reply = { id: m.id, errors: bodyErrors(cache.get(m.key, m.apiId, m.models), m.model, m.body) };
  } catch (e) {
    reply = { id: m.id, failure: (e as Error)?.message ?? String(e) };
  }
  port.postMessage(reply);
});
