// Builds one Cumulo server from a Config: storage, credentials, runtime, services, HTTP.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { Credentials } from './iam/credentials.js';
import { createCodec } from './protocols/index.js';
import { loadModel } from './protocols/models.js';
import { createRuntime, FileLogSink } from './runtime/index.js';
import { createAuthenticator } from './server/authenticator.js';
import { HashWorker } from './server/hashing/hash-worker.js';
import { startHttpServer, type ServedService } from './server/server.js';
import { createLambdaService } from './services/lambda/index.js';
import type { InvokeTarget } from './services/lambda/invoke-target.js';
import { createInvokeHandlers } from './services/lambda/invoke/index.js';
import { runSync } from './services/lambda/invoke/run-sync.js';
import { createLayerHandlers, createLayerResolver } from './services/lambda/layers/index.js';
import { createFunctionPolicyReader, createPermissionHandlers } from './services/lambda/permissions/index.js';
import { createSettingsHandlers } from './services/lambda/settings/index.js';
import { invokeWithResponseStreamHandler } from './services/lambda/streaming/index.js';
import { functionUrlHandlers, functionUrlRoute } from './services/lambda/urls/index.js';
import { createApiGatewayService } from './services/apigateway/index.js';
import { createApiGatewayV2Service } from './services/apigatewayv2/index.js';
import { executeApiRoute, type HttpRequest } from './services/http-events/index.js';
import { createS3Service, requestTimeout, verifyRequestBody } from './services/s3/index.js';
import { createBucketNotifications } from './services/s3/notifications/index.js';
import { createS3Web } from './services/s3/web/index.js';
import { SqliteStore } from './storage/sqlite-store.js';

export interface RunningCumulo {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** ImportRestApi / PutRestApi definitions: API Gateway's 10 MB payload quota. */
const APIGATEWAY_MAX_BODY = 10 * 1024 * 1024;
/** CreateFunction's ZipFile limit as AWS states it: "Request must be smaller than 70167211 bytes". */
const LAMBDA_MAX_BODY = 70_167_211;
/** S3's non-streaming bodies are XML documents (DeleteObjects, CompleteMultipartUpload with 10,000 parts). */
const S3_MAX_BODY = 20 * 1024 * 1024;

export async function startCumulo(config: Config): Promise<RunningCumulo> {
  mkdirSync(config.dataDir, { recursive: true });
  const store = new SqliteStore(path.join(config.dataDir, 'cumulo.db'), { durable: config.durable });
  const credentials = new Credentials(store, config);
  const runtime = await createRuntime({
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    idleTimeoutMs: config.idleTimeoutMs,
    deferPool: true, // started below, once listening: booting interpreters competes with our own start
  });

  // The endpoint is known once the port is bound; functions get it via AWS_ENDPOINT_URL.
  let endpointUrl = `http://${config.host}:${config.port}`;
  // Bucket notifications are written in each object change's transaction to the async invocation
  // queue (created with Invoke below; used only once requests arrive).
  const notifications = createBucketNotifications({
    region: config.region,
    functions: createFunctionPolicyReader(config.region),
    invoker: {
      enqueue: (...args) => invoke.asyncInvoker.enqueue(...args),
      wake: () => invoke.asyncInvoker.wake(),
    },
  });
  // One hash worker for every large body: S3's object hashes and the SigV4 payload hash.
  const hashing = new HashWorker();
  const s3 = createS3Service({
    store,
    hashing,
    dataDir: config.dataDir,
    accountId: config.accountId,
    region: config.region,
    durable: config.durable,
    events: notifications,
    model: loadModel('s3'),
  });
  const layers = createLayerResolver({ store, dataDir: config.dataDir, region: config.region });
  const lambda = createLambdaService({
    store,
    dataDir: config.dataDir,
    accountId: config.accountId,
    region: config.region,
    get endpointUrl() {
      return endpointUrl;
    },
    runtime,
    credentialsForRole: (role) => credentials.forRole(role),
    layers,
    getS3Object: (accountId, bucket, key, versionId) =>
      s3.reader.getObject(accountId, bucket, key, versionId),
    codeStorageLimit: config.codeStorageLimit,
  });
  const settings = createSettingsHandlers({
    store,
    functions: lambda.functions,
    accountId: config.accountId,
    region: config.region,
    layersDataDir: config.dataDir,
    codeStorageLimit: config.codeStorageLimit,
    provisioned: lambda.provisioner,
  });
  const layerOps = createLayerHandlers({
    store,
    dataDir: config.dataDir,
    accountId: config.accountId,
    region: config.region,
    getS3Object: (accountId, bucket, key, versionId) =>
      s3.reader.getObject(accountId, bucket, key, versionId),
    codeStorageLimit: config.codeStorageLimit,
  });
  const invoke = createInvokeHandlers({
    resolver: lambda.resolver,
    runtime,
    store,
    accountId: config.accountId,
    region: config.region,
    retryDelayScale: config.retryDelayScale,
  });
  const urlOps = functionUrlHandlers({
    store,
    functions: lambda.functions,
    region: config.region,
    endpointUrl: () => endpointUrl,
  });
  const permissions = createPermissionHandlers({ store, region: config.region });
  const streamingInvoke = {
    InvokeWithResponseStream: invokeWithResponseStreamHandler({
      resolver: lambda.resolver,
      runtime,
      limiter: invoke.limiter,
    }),
  };
  Object.assign(
    lambda.definition.handlers,
    settings,
    layerOps.handlers,
    invoke.handlers,
    urlOps,
    permissions,
    streamingInvoke,
  );
  lambda.definition.rawRoutes = [...(lambda.definition.rawRoutes ?? []), ...layerOps.rawRoutes];
  lambda.definition.rawRoutes.push(
    functionUrlRoute({
      store,
      region: config.region,
      resolver: lambda.resolver,
      runtime,
      limiter: invoke.limiter,
      secrets: credentials,
    }),
  );

  const s3Codec = createCodec(s3.definition.model, {
    virtualHostSuffixes: ['.s3.localhost.localstack.cloud'],
    verifyPayload: verifyRequestBody,
  });
  // S3 from browsers: CORS preflights and the CORS headers of S3's responses. An unsigned preflight
  // names no account: buckets are this server's account's.
  const s3Web = createS3Web({
    codec: s3Codec,
    buckets: { corsRules: (bucket) => s3.getBucketCors(config.accountId, bucket) },
    // Browser-based POST uploads: the form's signature is checked against the server's keys.
    uploads: {
      region: config.region,
      credentials: (accessKeyId) => credentials.lookup(accessKeyId),
      store: (ctx, input) => s3.postObject(ctx, input),
    },
  });
  const services: ServedService[] = [
    { definition: lambda.definition, codec: createCodec(loadModel('lambda')), maxBodyBytes: LAMBDA_MAX_BODY },
    {
      definition: s3.definition,
      codec: s3Codec,
      maxBodyBytes: S3_MAX_BODY,
      bodyIdleError: requestTimeout,
      decorateResponse: s3Web.decorateResponse,
    },
  ];
  // A synchronous invoke on behalf of a service's data plane (API Gateway), under the same
  // concurrency limits as Invoke.
  const invokeForService = async (target: InvokeTarget, payload: Buffer, requestId: string) => {
    const out = await runSync(runtime, invoke.limiter, target, { requestId, payload, tailLog: false });
    return { payload: out.Payload ?? Buffer.alloc(0), functionError: out.FunctionError };
  };
  // API Gateway REST APIs: the control plane, and the data plane for deployed stages (AWS_IAM methods,
  // and HTTP API routes, verify the caller's SigV4 with the same authenticator as every AWS API).
  const apigatewayAuth = createAuthenticator(credentials);
  // Stages' access logs, REST and HTTP APIs alike, go to log groups beside the functions' logs.
  const apigatewayLogs = new FileLogSink(config.dataDir);
  const authenticateExecuteApi = async (req: HttpRequest) =>
    (await apigatewayAuth.authenticate(req, apigatewayServed)).principal;
  const apigateway = createApiGatewayService({
    store,
    region: config.region,
    resolver: lambda.resolver,
    invoke: invokeForService,
    invokeAsync: async (target, payload, requestId) => {
      await invoke.asyncInvoker.enqueue(
        target.functionArn.split(':')[4]!,
        target.invokedArn,
        undefined,
        payload,
        {
          requestId,
        },
      );
    },
    authenticate: authenticateExecuteApi,
    logSink: apigatewayLogs,
    log: (line) => process.stderr.write(line + '\n'),
  });
  const apigatewayServed: ServedService = {
    definition: apigateway.definition,
    codec: createCodec(apigateway.definition.model),
    maxBodyBytes: APIGATEWAY_MAX_BODY,
  };
  services.push(apigatewayServed);
  // API Gateway HTTP APIs (v2): among the services signing as `apigateway` its codec claims `/v2/…`.
  // One execute-api route serves both API types: each is asked whether it owns the id; nobody's → 404.
  const apigatewayv2 = createApiGatewayV2Service({
    store,
    region: config.region,
    get endpointUrl() {
      return endpointUrl;
    },
    logSink: apigatewayLogs,
    resolver: lambda.resolver,
    invoke: invokeForService,
    authenticate: authenticateExecuteApi,
    log: (line) => process.stderr.write(line + '\n'),
  });
  apigatewayv2.definition.rawRoutes = [executeApiRoute([apigateway.dataPlane, apigatewayv2.dataPlane])];
  services.push({
    definition: apigatewayv2.definition,
    codec: createCodec(apigatewayv2.definition.model),
    maxBodyBytes: APIGATEWAY_MAX_BODY,
  });
  const listener = await startHttpServer({
    host: config.host,
    port: config.port,
    region: config.region,
    services,
    authenticator: createAuthenticator(credentials),
    hashing,
    bodyIdleTimeoutMs: config.bodyIdleTimeoutMs,
    // S3's preflight route answers any OPTIONS that addresses a bucket, so it comes last.
    rawRoutes: [...services.flatMap((s) => s.definition.rawRoutes ?? []), ...s3Web.rawRoutes],
  });
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  endpointUrl = `http://${host}:${listener.port}`;
  await invoke.asyncInvoker.start();
  setImmediate(() => runtime.startPool?.()); // after the caller has said it is ready
  // Provisioned concurrency survives restarts: its environments start again (they need the endpoint).
  void lambda.provisioner
    .restore()
    .catch((e: unknown) =>
      process.stderr.write(`lambda: restoring provisioned concurrency failed: ${String(e)}\n`),
    );

  return {
    endpoint: endpointUrl,
    port: listener.port,
    close: async () => {
      await listener.close();
      await invoke.asyncInvoker.close();
      for (const s of services) await s.definition.close?.();
      await hashing.close();
      await runtime.close();
      await store.close();
    },
  };
}
