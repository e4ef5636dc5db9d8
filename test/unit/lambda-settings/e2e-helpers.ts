// Helpers for the layers and settings end-to-end tests (test/e2e/lambda-settings*.test.ts): zips, a function to attach settings to, and
// a plain GET for Content.Location links.
import http from 'node:http';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import yazl from 'yazl';

export function zipOf(files: Record<string, string | { data: string; mode: number }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, file] of Object.entries(files)) {
    if (typeof file === 'string') zip.addBuffer(Buffer.from(file), name);
    else zip.addBuffer(Buffer.from(file.data), name, { mode: file.mode });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A Node.js function answering its event; `extra` adds or overrides members (Code is the zip). */
export async function createFunction(
  client: LambdaClient,
  name: string,
  extra: { Layers?: string[]; Code?: Buffer; CodeSigningConfigArn?: string } = {},
) {
  const { Code, ...members } = extra;
  const code = Code ?? (await zipOf({ 'index.mjs': 'export const handler = async (e) => e;' }));
  return client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: code },
      ...members,
    }),
  );
}

/** GET with node:http; returns status and body. */
export function httpGet(
  url: string,
): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The AWS error a client call failed with, as the SDK exposes it. */
export async function awsError(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number; type?: string }> {
  try {
    await promise;
  } catch (e: any) {
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, type: e.Type };
  }
  throw new Error('expected the call to fail');
}
