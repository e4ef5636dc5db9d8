// Lambda function URLs: the control plane (Create/Get/Update/Delete/ListFunctionUrlConfig(s),
// merged into the Lambda service) and the data plane (a raw route serving
// http://{url-id}.lambda-url.{region}.localhost:{port}/ and http://localhost:{port}/_aws/lambda-url/{url-id}/).
export { functionUrlHandlers, type FunctionUrlDeps } from './operations.js';
export { deleteFunctionUrlConfigs } from './keys.js';
export { functionUrlRoute, type UrlDataPlaneDeps } from './data-plane.js';
