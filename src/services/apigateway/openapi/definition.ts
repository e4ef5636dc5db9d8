// Reading an OpenAPI 3 (or Swagger 2) definition for ImportRestApi / PutRestApi. JSON always; YAML
// through the `yaml` parser when the document is not JSON. Anything that is not an OpenAPI document
// gets the answer AWS gives: BadRequestException "Invalid OpenAPI input." (as AWS answers PutRestApi,
// reported by Terraform users).
import { badRequest } from '../errors.js';
import { parseYaml } from './yaml.js';

export type Json = Record<string, any>;

export const invalidOpenApi = (): Error => badRequest('Invalid OpenAPI input.');

export function parseDefinition(body: Buffer | string | undefined): Json {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : (body ?? '');
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch {
    throw invalidOpenApi();
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalidOpenApi();
  const d = doc as Json;
  const version = String(d.openapi ?? d.swagger ?? '');
  if (!/^(3\.|2\.0)/.test(version)) throw invalidOpenApi();
  if (d.paths !== undefined && (typeof d.paths !== 'object' || d.paths === null || Array.isArray(d.paths)))
    throw invalidOpenApi();
  return d;
}
