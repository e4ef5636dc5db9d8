// OpenAPI definitions as API Gateway imports them, shared by REST APIs and HTTP APIs:
//   const doc = parseOpenApi(body, { swagger2: true });   // BadRequestException "Invalid OpenAPI input."
//   for (const { path, method, operation } of operationsOf(doc)) …
//   securitySchemesOf(doc), requirementsOf(operation, doc)
//   withBasePath(path, basePathOf(doc), basePathMode(input.Basepath))
export { invalidOpenApi, isObject, parseOpenApi, type Json, type ParseOptions } from './document.js';
export { operationsOf, requirementsOf, securitySchemesOf, type OpenApiOperation } from './paths.js';
export { basePathMode, basePathOf, withBasePath, type BasePathMode } from './base-path.js';
