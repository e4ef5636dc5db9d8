// Reading an OpenAPI definition for API Gateway's imports (REST APIs: ImportRestApi / PutRestApi;
// HTTP APIs: ImportApi / ReimportApi). JSON always; YAML through js-yaml when the document is not
// JSON. Anything that is not an OpenAPI document gets the answer AWS gives: BadRequestException
// "Invalid OpenAPI input." (as AWS answers PutRestApi, reported by Terraform users).
import { ServiceError } from '../../../server/service-error.js';
import { nestedDeeperThan } from '../json-depth.js';
import { parseYaml } from './yaml.js';

/** An OpenAPI document or a part of one: user input, checked where it is read. */
export type Json = Record<string, any>;

export const invalidOpenApi = (): ServiceError =>
  new ServiceError('BadRequestException', 'Invalid OpenAPI input.', 400);

export interface ParseOptions {
  /** Accept Swagger 2.0 as well as OpenAPI 3.x (REST APIs do; HTTP APIs import OpenAPI 3.0 only). */
  swagger2?: boolean;
}

export function parseOpenApi(body: Buffer | string | undefined, options: ParseOptions = {}): Json {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : (body ?? '');
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch {
    throw invalidOpenApi();
  }
  if (!isObject(doc) || nestedDeeperThan(doc)) throw invalidOpenApi();
  const version = String(doc.openapi ?? (options.swagger2 ? (doc.swagger ?? '') : ''));
  if (!(options.swagger2 ? /^(3\.|2\.0)/ : /^3\./).test(version)) throw invalidOpenApi();
  if (doc.paths !== undefined && !isObject(doc.paths)) throw invalidOpenApi();
  return doc;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
