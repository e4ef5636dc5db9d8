// A REST API invoke URL's path below the API id (see http-events/execute-api.ts for the two URL
// forms): `/{stage}/{resource path}`. REST APIs have no `$default` stage: the first segment is always
// the stage.
import { safeDecode } from '../../../server/safe-decode.js';

/** `/{stage}/{path}` → the stage and the resource path (at least `/`). */
export function splitStage(path: string): { stage: string; path: string } {
  const trimmed = path.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { stage: safeDecode(trimmed), path: '/' };
  return { stage: safeDecode(trimmed.slice(0, slash)), path: trimmed.slice(slash) || '/' };
}
